package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.reconciler.read.ReadApiClient;
import dev.doorbell.reconciler.read.SledView;
import dev.doorbell.reconciler.read.VmmView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --processes --data-dir} started again, with fewer sleds, as {@link LocalStackRestartTest} does for the one
 * JVM: the database, the topics and the fetcher's state directory are the first run's; the sled process that runs
 * again comes back under its id and has new VMMs placed, which run; the sled it no longer runs is expunged; and the
 * first run's VMMs settle failed by omicron's rules ({@code no_such_instance} on the returning sled, which restarted
 * empty; {@code sled_expunged} on the other).
 *
 * <p>Tagged {@code chaos} for its length (two fleets of processes started, a watcher sweep awaited).
 */
@Tag("chaos")
class ProcessStackRestartTest {

    private static final StackProgress QUIET = StackProgress.silent();
    private static final FleetShape SHAPE = new FleetShape(1, 1, 1, false);

    @Test
    void aFleetStartedAgainOnItsDataDirectoryKeepsItsStateReusesItsSledAndExpungesTheOther(@TempDir Path dataDir) throws Exception {
        Map<UUID, List<UUID>> firstRun = new LinkedHashMap<>();
        try (ProcessStack first = ProcessStack.start(new StackConfig(dataDir, 0, 0, 0, 0, 3, 2, 2, 0), SHAPE, QUIET);
             ReadApiClient read = new ReadApiClient(first.controlUrl())) {
            await("two sleds of two running VMMs each").atMost(Duration.ofSeconds(60)).until(() -> {
                firstRun.clear();
                for (SledView sled : read.sleds()) {
                    firstRun.put(sled.id(), running(read, sled.id()));
                }
                return firstRun.size() == 2 && firstRun.values().stream().allMatch(vmms -> vmms.size() == 2);
            });
        }

        try (ProcessStack second = ProcessStack.start(new StackConfig(dataDir, 0, 0, 0, 0, 3, 1, 1, 0), SHAPE, QUIET);
             ReadApiClient read = new ReadApiClient(second.controlUrl())) {
            Map<UUID, String> sleds = read.sleds().stream().collect(Collectors.toMap(SledView::id, SledView::state));
            assertThat(sleds).as("the first run's sleds, and no other").containsOnlyKeys(firstRun.keySet());
            UUID back = sleds.entrySet().stream().filter(e -> e.getValue().equals("active")).map(Map.Entry::getKey)
                    .findFirst().orElseThrow();
            UUID gone = firstRun.keySet().stream().filter(id -> !id.equals(back)).findFirst().orElseThrow();
            assertThat(sleds).containsEntry(gone, "expunged");

            // the returning sled restarted empty and had a new VMM placed: the pipeline flows on the old state
            await("a new VMM running on the returning sled").atMost(Duration.ofSeconds(60))
                    .until(() -> running(read, back).stream().anyMatch(vmm -> !firstRun.get(back).contains(vmm)));
            // the first watcher sweep settles the first run's VMMs
            await("the first run's VMMs failed").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertFailed(read, firstRun.get(back), "no_such_instance");
                assertFailed(read, firstRun.get(gone), "sled_expunged");
            });
        }
    }

    private static List<UUID> running(ReadApiClient read, UUID sled) {
        return read.vmms(sled, null, 100).items().stream().filter(vmm -> vmm.state().equals("running")).map(VmmView::id).toList();
    }

    private static void assertFailed(ReadApiClient read, List<UUID> vmms, String reason) {
        for (UUID id : vmms) {
            VmmView vmm = read.vmm(id).orElseThrow();
            assertThat(vmm.state()).as("state of VMM %s", id).isEqualTo("failed");
            assertThat(vmm.failureReason()).as("failure reason of VMM %s", id).isEqualTo(reason);
        }
    }
}
