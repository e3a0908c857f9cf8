package dev.doorbell.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

/**
 * How much the fetcher keeps: its pending-fetches store on disk (RocksDB files under its state
 * directory; recent writes may still sit in the memtable and not be counted), that store's
 * changelog topic, and the {@code vmm.placements} topic, which its global table holds in memory.
 *
 * @param pendingStoreOnDiskBytes files under the fetcher's state directory
 * @param pendingChangelogBytes   the changelog topic's log segments on the broker (before compaction)
 * @param placementsTopicBytes    the placements topic's log segments on the broker
 */
public record StoreSizes(long pendingStoreOnDiskBytes, long pendingChangelogBytes, long placementsTopicBytes) {

    static StoreSizes read(Admin admin, Path fetcherStateDir, String changelogTopic, String placementsTopic)
            throws ExecutionException, InterruptedException {
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get();
        long changelog = 0;
        long placements = 0;
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (var e : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(changelogTopic)) {
                        changelog += e.getValue().size();
                    } else if (e.getKey().topic().equals(placementsTopic)) {
                        placements += e.getValue().size();
                    }
                }
            }
        }
        return new StoreSizes(directorySize(fetcherStateDir), changelog, placements);
    }

    /** @return bytes of the files under {@code dir}; RocksDB may delete files meanwhile, so a walk that meets one is retried */
    private static long directorySize(Path dir) {
        for (int attempt = 1; ; attempt++) {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        return 0; // deleted meanwhile (compaction)
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw new IllegalStateException("cannot measure " + dir, e);
                }
            }
        }
    }
}
