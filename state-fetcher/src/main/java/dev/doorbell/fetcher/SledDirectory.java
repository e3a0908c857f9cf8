package dev.doorbell.fetcher;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.doorbell.http.Uuids;
import dev.doorbell.model.Json;
import dev.doorbell.model.SledRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves VMM → sled → address from the global stores fed by {@code vmm.placements} and
 * {@code sleds} (one instance per stream task: not thread-safe). This is the only way the fetcher learns where to connect: nothing in a doorbell
 * (key or headers) can name a host.
 */
final class SledDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SledDirectory.class);
    private static final ObjectReader SLED_READER = Json.mapper().readerFor(SledRecord.class);

    private final ReadOnlyKeyValueStore<String, String> placements;
    private final ReadOnlyKeyValueStore<String, String> sleds;
    /** The last parsed record per sled with the text it came from: sled records change rarely, lookups happen per fetch. */
    private final Map<UUID, Parsed> parsed = new HashMap<>();

    private record Parsed(String text, SledRecord sled) {}

    SledDirectory(ReadOnlyKeyValueStore<String, String> placements, ReadOnlyKeyValueStore<String, String> sleds) {
        this.placements = placements;
        this.sleds = sleds;
    }

    /** What the directory says about one VMM. */
    sealed interface Lookup {}

    record Found(UUID sledId, SledRecord sled) implements Lookup {}

    record NoPlacement() implements Lookup {}

    record NoSled(UUID sledId) implements Lookup {}

    Lookup lookup(UUID vmmId) {
        String sledText = placements.get(vmmId.toString());
        if (sledText == null) {
            return new NoPlacement();
        }
        UUID sledId;
        try {
            sledId = UUID.fromString(sledText);
        } catch (IllegalArgumentException e) {
            LOG.atWarn().addKeyValue("vmm", vmmId).log("placement names no valid sled id: {}", sledText);
            return new NoPlacement();
        }
        String record = sleds.get(sledId.toString());
        if (record == null) {
            return new NoSled(sledId);
        }
        Parsed known = parsed.get(sledId);
        if (known != null && known.text().equals(record)) {
            return new Found(sledId, known.sled());
        }
        try {
            SledRecord sled = SLED_READER.readValue(record);
            parsed.put(sledId, new Parsed(record, sled));
            return new Found(sledId, sled);
        } catch (Exception e) {
            LOG.atWarn().addKeyValue("sled", sledId).log("unreadable sled record: {}", e.getMessage());
            return new NoSled(sledId);
        }
    }

    /**
     * The VMM a doorbell key names: its canonical lowercase text only. Kafka partitions by the key's
     * bytes, so the same VMM under another spelling (upper case) could be fetched by another task at
     * the same time; such keys are refused like any other that is not a VMM id.
     */
    static Optional<UUID> parseVmmId(byte[] key) {
        if (key == null) {
            return Optional.empty();
        }
        String text = new String(key, StandardCharsets.UTF_8);
        return Uuids.parse(text).filter(id -> id.toString().equals(text));
    }
}
