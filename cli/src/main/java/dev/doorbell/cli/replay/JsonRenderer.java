package dev.doorbell.cli.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorbell.schemas.avro.MigrationRuntimeState;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One JSON object per record (JSON Lines): {@code topic, partition, offset, timestamp, key, headers} (a list of
 * {@code {name, value}}, lossless when a name repeats), {@code kind} ({@code none}, {@code observation},
 * {@code text}, {@code malformed}), {@code summary} (the table's value column) and {@code value}: the observation
 * with the schema's snake_case field names and an {@code outcome.type}, the text, or for a malformed record
 * {@code {reason, length, hex}} (hex of at most the first 1 KiB).
 */
public final class JsonRenderer implements RecordRenderer {

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String render(ReplayedRecord r) {
        ObjectNode line = mapper.createObjectNode();
        line.put("topic", r.topic());
        line.put("partition", r.partition());
        line.put("offset", r.offset());
        line.put("timestamp", r.timestamp().toString());
        line.put("key", r.key());
        var headers = line.putArray("headers");
        r.headers().forEach(h -> headers.addObject().put("name", h.name()).put("value", h.value()));
        line.put("summary", TableRenderer.value(r.value()));
        switch (r.value()) {
            case ReplayedValue.NoBody ignored -> line.put("kind", "none").putNull("value");
            case ReplayedValue.Observation o -> line.put("kind", "observation").set("value", observation(o.observation()));
            case ReplayedValue.Text t -> line.put("kind", "text").put("value", t.text());
            case ReplayedValue.Malformed m -> line.put("kind", "malformed").putObject("value")
                    .put("reason", m.reason())
                    .put("length", m.bytes().length)
                    .put("hex", Bytes.hex(m.bytes(), Bytes.JSON_PREVIEW));
        }
        try {
            return mapper.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode observation(VmmStateObservation o) {
        ObjectNode node = mapper.createObjectNode();
        node.put("vmm_id", String.valueOf(o.getVmmId()));
        node.put("sled_id", String.valueOf(o.getSledId()));
        node.put("observed_at", text(o.getObservedAt()));
        node.put("sled_api_version", o.getSledApiVersion());
        node.put("source", String.valueOf(o.getSource()));
        node.put("rings", o.getRings());
        node.put("first_rung_at", text(o.getFirstRungAt()));
        ObjectNode outcome = node.putObject("outcome");
        switch (o.getOutcome()) {
            case SledVmmState s -> {
                outcome.put("type", "SledVmmState");
                outcome.putObject("vmm_state")
                        .put("state", String.valueOf(s.getVmmState().getState()))
                        .put("gen", s.getVmmState().getGen())
                        .put("time_updated", text(s.getVmmState().getTimeUpdated()))
                        .put("failure_reason", s.getVmmState().getFailureReason());
                migration(outcome, "migration_in", s.getMigrationIn());
                migration(outcome, "migration_out", s.getMigrationOut());
            }
            case NoSuchVmm ignored -> outcome.put("type", "NoSuchVmm");
            case SledUnreachable u -> outcome.put("type", "SledUnreachable").put("error", u.getError()).put("attempts", u.getAttempts());
            case null, default -> outcome.put("type", String.valueOf(o.getOutcome()));
        }
        return node;
    }

    private static void migration(ObjectNode parent, String name, MigrationRuntimeState m) {
        if (m == null) {
            parent.putNull(name);
            return;
        }
        parent.putObject(name)
                .put("migration_id", String.valueOf(m.getMigrationId()))
                .put("state", String.valueOf(m.getState()))
                .put("gen", m.getGen())
                .put("time_updated", text(m.getTimeUpdated()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
