package dev.doorbell.reconciler.audit;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.reconciler.control.SledEndpoint;
import dev.doorbell.reconciler.read.SledView;
import java.net.URI;

/**
 * Where to ask a registered sled for its VMMs' states (in bulk from API 2.0.0, one by one before), or why it
 * cannot be asked.
 *
 * @param endpoint the bulk endpoint, or null
 * @param reason   why there is none, or null
 */
record AuditedSled(SledEndpoint endpoint, String reason) {

    /** The sled's endpoint at the newest version both it and this code know. */
    static AuditedSled of(SledView sled) {
        if ("expunged".equals(sled.state())) {
            return new AuditedSled(null, "expunged");
        }
        if (sled.address() == null || sled.address().isBlank()) {
            return new AuditedSled(null, "no registered address");
        }
        ApiVersion best = SledEndpoint.newestKnown(sled.apiVersions()).orElse(null);
        if (best == null) {
            return new AuditedSled(null, "speaks no API version this audit knows (registered " + sled.apiVersions() + ")");
        }
        try {
            URI uri = URI.create(sled.address());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return new AuditedSled(null, "unusable address " + sled.address());
            }
            return new AuditedSled(new SledEndpoint(sled.id(), uri, best), null);
        } catch (IllegalArgumentException e) {
            return new AuditedSled(null, "unusable address " + sled.address());
        }
    }
}
