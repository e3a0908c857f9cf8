package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorbell.cli.demo.StackClient;
import dev.doorbell.cli.demo.StackClient.SledInfo;
import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.sweep.WatcherSweep;
import dev.doorbell.sledsim.SledSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --data-dir} started again, with fewer sleds: the sled that runs again comes back under
 * its id, the one it no longer runs is expunged, and the VMMs of the first run settle, failed,
 * those on the returning sled {@code no_such_instance} (the sled answered that it has none), those
 * on the expunged one {@code sled_expunged} (nobody called it). Then a further watcher sweep confirms
 * the returning sled's failed VMMs (it does not know them, and they are failed: nothing to learn)
 * and causes no retried fetch and no give-up: the restarted stack is in a steady state. Rings for
 * the expunged sled's VMMs (a first run can leave some unconsumed) are answered without calling it.
 *
 * <p>Tagged {@code chaos} for its length (two stack starts and two watcher sweeps: about 4 minutes
 * on a busy 2-core machine): {@code ./mvnw -B verify} runs it, a local run without chaos skips it.
 */
@Tag("chaos")
class LocalStackRestartTest {

    private static final StackProgress QUIET = StackProgress.silent();

    @Test
    void aRestartOnTheDataDirectoryReusesTheSledsItRunsAndExpungesTheOthers(@TempDir Path dataDir) throws Exception {
        Map<UUID, List<UUID>> firstRun = new LinkedHashMap<>();
        try (LocalStack first = LocalStack.start(new StackConfig(dataDir, 0, 0, 0, 0, 3, 2, 2, 0), QUIET);
             StackClient client = new StackClient(first.controlUrl())) {
            for (SledSimulator sled : first.sleds()) {
                firstRun.put(sled.sled().id(), List.copyOf(sled.sled().states().keySet()));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(firstRun.values().stream().flatMap(List::stream))
                    .allSatisfy(vmm -> assertThat(client.vmm(vmm)).hasValueSatisfying(row ->
                            assertThat(row.path("state").asText()).isEqualTo("running"))));
        }
        assertThat(firstRun).hasSize(2).allSatisfy((sled, vmms) -> assertThat(vmms).hasSize(2));

        try (LocalStack second = LocalStack.start(new StackConfig(dataDir, 0, 0, 0, 0, 3, 1, 1, 0), QUIET);
             StackClient client = new StackClient(second.controlUrl())) {
            UUID back = second.sleds().getFirst().sled().id();
            assertThat(firstRun).as("sleds of the first run").containsKey(back);
            UUID gone = firstRun.keySet().stream().filter(id -> !id.equals(back)).findFirst().orElseThrow();
            Map<UUID, String> states = new LinkedHashMap<>();
            client.sleds().forEach(sled -> states.put(sled.id(), sled.state()));
            assertThat(states).containsEntry(back, "active").containsEntry(gone, "expunged");
            assertThat(client.sleds().stream().filter(sled -> sled.state().equals("active")).map(SledInfo::id))
                    .as("active sleds").containsExactly(back);

            // the first watcher sweep after the restart settles every VMM of the first run
            await().atMost(Duration.ofSeconds(75)).untilAsserted(() -> {
                assertFailed(client, firstRun.get(back), "no_such_instance");
                assertFailed(client, firstRun.get(gone), "sled_expunged");
            });

            MeterRegistry fetcher = second.fetcherMeters();
            double retried = count(fetcher, "failed_retryable");
            double confirmed = confirmed(second.reconcilerMeters());
            long sweeps = sweeps(second.reconcilerMeters());
            // a later sweep asks the returning sled in bulk and finds its failed VMMs unknown there, as the
            // database has them: nothing to learn, so they are confirmed, not rung; the expunged sled's are not checked
            await().atMost(Duration.ofSeconds(45)).until(() -> sweeps(second.reconcilerMeters()) > sweeps
                    && confirmed(second.reconcilerMeters()) >= confirmed + firstRun.get(back).size());
            assertThat(count(fetcher, "failed_retryable")).as("fetches retried since the VMMs settled").isEqualTo(retried);

            // rings for the expunged sled's VMMs (as the first run could leave unconsumed) are answered without calling it
            double answered = count(fetcher, "sled_expunged");
            for (UUID vmm : firstRun.get(gone)) {
                ring(second, vmm);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count(fetcher, "sled_expunged") >= answered + firstRun.get(gone).size());
            assertThat(count(fetcher, "failed_retryable")).as("no fetch retried against the expunged sled").isEqualTo(retried);
            Counter gaveUp = fetcher.find(FetcherMetrics.GAVE_UP).counter();
            assertThat(gaveUp == null ? 0 : gaveUp.count()).as("fetches given up (SledUnreachable)").isZero();
            assertFailed(client, firstRun.get(gone), "sled_expunged");
        }
    }

    private static void ring(LocalStack stack, UUID vmm) throws Exception {
        URI doorbell = URI.create(stack.endpoints().get("gateway").replace("{id}", vmm.toString()));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(doorbell).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as("doorbell for %s: %s", vmm, reply.body()).isBetween(200, 299);
        }
    }

    private static void assertFailed(StackClient client, List<UUID> vmms, String reason) throws Exception {
        for (UUID vmm : vmms) {
            JsonNode row = client.vmm(vmm).orElseThrow();
            assertThat(row.path("state").asText()).as("state of VMM %s", vmm).isEqualTo("failed");
            assertThat(row.path("failure_reason").asText()).as("failure reason of VMM %s", vmm).isEqualTo(reason);
        }
    }

    private static double count(MeterRegistry meters, String outcome) {
        Counter counter = meters.find(FetcherMetrics.FETCHES_COMPLETED).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double confirmed(MeterRegistry meters) {
        Counter counter = meters.find(WatcherSweep.CONFIRMED).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long sweeps(MeterRegistry meters) {
        Timer timer = meters.find(WatcherSweep.DURATION).timer();
        return timer == null ? 0 : timer.count();
    }
}
