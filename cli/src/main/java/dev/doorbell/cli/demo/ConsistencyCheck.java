package dev.doorbell.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Compares, for each VMM, the database ({@code GET /v1/vmms/{id}}: state and gen) with its sled
 * ({@code GET /vmms/{id}/state}, api version 2.0.0).
 */
public final class ConsistencyCheck {

    private final StackClient client;

    public ConsistencyCheck(StackClient client) {
        this.client = client;
    }

    /** @return the VMMs that differ, empty when the database equals the sleds */
    public List<Mismatch> mismatches(Map<UUID, String> labels) throws IOException, InterruptedException {
        Map<UUID, URI> sleds = client.sleds().stream().collect(Collectors.toMap(StackClient.SledInfo::id, StackClient.SledInfo::address));
        List<Mismatch> mismatches = new ArrayList<>();
        for (Map.Entry<UUID, String> vmm : labels.entrySet()) {
            Optional<JsonNode> row = client.vmm(vmm.getKey());
            if (row.isEmpty()) {
                mismatches.add(new Mismatch(vmm.getValue(), vmm.getKey(), "no row", "?"));
                continue;
            }
            String database = row.get().path("state").asText() + " gen " + row.get().path("gen").asLong();
            URI sled = sleds.get(UUID.fromString(row.get().path("sled_id").asText()));
            if (sled == null) {
                mismatches.add(new Mismatch(vmm.getValue(), vmm.getKey(), database, "unknown sled " + row.get().path("sled_id").asText()));
                continue;
            }
            JsonNode state = client.sledVmmState(sled, vmm.getKey());
            String onSled = state.path("state").asText() + " gen " + state.path("gen").asLong();
            if (!database.equals(onSled)) {
                mismatches.add(new Mismatch(vmm.getValue(), vmm.getKey(), database, onSled));
            }
        }
        return mismatches;
    }
}
