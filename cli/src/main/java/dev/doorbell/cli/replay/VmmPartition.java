package dev.doorbell.cli.replay;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a VMM's records live in: the key is the VMM id as canonical lowercase text, and every
 * producer of the pipeline uses Kafka's default partitioner, which hashes keyed records with murmur2.
 */
public final class VmmPartition {

    private VmmPartition() {}

    /** The key bytes of {@code vmm}'s records. */
    public static byte[] key(UUID vmm) {
        return vmm.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What Kafka's default partitioner picks for {@code vmm}'s key among {@code partitions}. */
    public static int of(UUID vmm, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive");
        }
        return Utils.toPositive(Utils.murmur2(key(vmm))) % partitions;
    }
}
