package dev.doorbell.cli.inspect;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.control.SledEndpoint;
import dev.doorbell.reconciler.control.SledRejectedException;
import dev.doorbell.reconciler.control.SledUnavailableException;
import dev.doorbell.reconciler.read.SledView;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Asks the VMM's sled for its state ({@code GET /vmms/{id}/state}, through {@link SledAgentClient}) in the newest API
 * version both the sled registered and this code knows, as the control plane does. Never throws: a sled that cannot
 * answer is a {@link SledAnswer.NoAnswer}.
 */
final class SledReader {

    private final SledAgentClient client;

    SledReader(SledAgentClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    SledAnswer ask(UUID vmm, UUID sledId, Optional<SledView> registered) {
        if (sledId == null) {
            return new SledAnswer.NoAnswer("the database places the VMM on no sled");
        }
        if (registered.isEmpty()) {
            return new SledAnswer.NoAnswer("sled " + sledId + " is not registered with the reconciler");
        }
        SledView sled = registered.get();
        if ("expunged".equals(sled.state())) {
            return new SledAnswer.NoAnswer("sled " + sledId + " is expunged");
        }
        SledEndpoint endpoint;
        try {
            endpoint = SledEndpoint.of(sledId, sled.address(), sled.apiVersions());
        } catch (IllegalArgumentException e) {
            return new SledAnswer.NoAnswer("sled " + sledId + " has an unusable address '" + sled.address() + "'");
        }
        ApiVersion version = endpoint.apiVersion();
        try {
            Optional<SledVmmState> state = client.state(endpoint, vmm);
            return state.<SledAnswer>map(held -> new SledAnswer.Holds(sled, version, held)).orElseGet(() -> new SledAnswer.NoSuchVmm(sled));
        } catch (SledRejectedException e) {
            return e.noSuchInstance() ? new SledAnswer.NoSuchVmm(sled)
                    : new SledAnswer.NoAnswer("sled " + sledId + " refused (" + e.status() + "): " + e.detail());
        } catch (SledUnavailableException e) {
            return new SledAnswer.NoAnswer(e.getMessage());
        }
    }
}
