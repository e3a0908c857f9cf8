package dev.doorbell.reconciler.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorbell.model.Json;

/**
 * An {@link AuditReport} as one JSON object: the counts, the sleds that could not be asked, and the
 * differences (diverged first, at most {@code maxDifferences}, {@code differences_omitted} the rest).
 * Times are RFC 3339, ages in milliseconds.
 */
public final class AuditJson {

    private static final ObjectMapper MAPPER = Json.mapper();

    private AuditJson() {}

    public static ObjectNode of(AuditReport report, int maxDifferences) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("consistent", report.consistent());
        root.put("finished_at", report.finishedAt().toString());
        root.put("grace_ms", report.grace().toMillis());
        root.put("sleds", report.sleds());
        root.put("checked", report.checked());
        root.put("in_sync", report.inSync());
        root.put("behind", report.count(VmmDifference.Kind.BEHIND));
        root.put("gone", report.count(VmmDifference.Kind.GONE));
        root.put("conflict", report.count(VmmDifference.Kind.CONFLICT));
        root.put("diverged", report.diverged());
        root.put("unchecked", report.unchecked());
        ArrayNode unasked = root.putArray("unreachable_sleds");
        report.unasked().forEach(s -> unasked.addObject().put("sled", s.sled().toString()).put("address", s.address())
                .put("reason", s.reason()).put("unchecked", s.unchecked()));
        ArrayNode differences = root.putArray("differences");
        report.differences().stream().limit(maxDifferences).forEach(d -> {
            ObjectNode node = differences.addObject().put("vmm", d.vmm().toString())
                    .put("sled", d.sled() == null ? null : d.sled().toString())
                    .put("kind", d.kind().label()).put("diverged", d.diverged())
                    .put("database_state", d.dbState()).put("database_gen", d.dbGen())
                    .put("sled_state", d.sledState());
            if (d.sledGen() == null) {
                node.putNull("sled_gen");
            } else {
                node.put("sled_gen", d.sledGen());
            }
            if (d.age() == null) {
                node.putNull("age_ms");
            } else {
                node.put("age_ms", d.age().toMillis());
            }
        });
        root.put("differences_omitted", Math.max(0, report.differences().size() - maxDifferences));
        return root;
    }
}
