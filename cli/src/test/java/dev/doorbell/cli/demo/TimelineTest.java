package dev.doorbell.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The join of rings, observations and apply times, with explicit times. */
class TimelineTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final UUID vmm = UUID.randomUUID();

    private static Instant at(long millis) {
        return T0.plus(Duration.ofMillis(millis));
    }

    @Test
    void aFetchedChangeGetsEachHopFromItsOwnRing() {
        Observed started = new Observed(vmm, "starting", 1, at(0), "control_response", 0, null, at(5), at(6));
        Observed running = new Observed(vmm, "running", 2, at(1_000), "fetch", 1, at(900), at(1_030), at(1_031));
        List<Ring> rings = List.of(new Ring(vmm, at(900), "watcher"), new Ring(vmm, at(1_002), "sled"));

        Timeline timeline = Timeline.of(Map.of(vmm, "web"), rings, List.of(running, started, running),
                Map.of(new VmmGen(vmm, 1), at(20), new VmmGen(vmm, 2), at(1_050)));

        assertThat(timeline.entries()).hasSize(2);
        TimelineEntry control = timeline.entries().get(0);
        assertThat(control.fetched()).isFalse();
        assertThat(control.rungAt()).isNull();
        assertThat(control.total()).contains(Duration.ofMillis(20));
        TimelineEntry fetched = timeline.entries().get(1);
        assertThat(fetched.changeToRing()).contains(Duration.ofMillis(2));
        assertThat(fetched.ringToFetch()).contains(Duration.ofMillis(28));
        assertThat(fetched.fetchToApplied()).contains(Duration.ofMillis(20));
        assertThat(fetched.total()).contains(Duration.ofMillis(50));
    }

    @Test
    void withoutAMatchingRingTheObservationsFirstRungAtIsUsed() {
        Observed running = new Observed(vmm, "running", 2, at(1_000), "fetch", 3, at(990), at(1_030), at(1_031));

        Timeline timeline = Timeline.of(Map.of(vmm, "web"), List.of(), List.of(running), Map.of());

        assertThat(timeline.entries().getFirst().rungAt()).isEqualTo(at(990));
        assertThat(timeline.entries().getFirst().appliedAt()).isNull();
    }

    @Test
    void otherVmmsAreLeftOutAndThePrintoutSummarisesTheDoorbellPath() {
        UUID other = UUID.randomUUID();
        List<Observed> observed = List.of(
                new Observed(vmm, "running", 2, at(1_000), "fetch", 1, at(1_001), at(1_030), at(1_031)),
                new Observed(other, "running", 7, at(1_000), "fetch", 1, at(1_001), at(1_030), at(1_031)));

        Timeline timeline = Timeline.of(Map.of(vmm, "web"), List.of(new Ring(vmm, at(1_001), "sled")), observed,
                Map.of(new VmmGen(vmm, 2), at(1_040)));
        StringWriter text = new StringWriter();
        timeline.print(new PrintWriter(text, true));

        assertThat(timeline.entries()).extracting(TimelineEntry::vmm).containsExactly(vmm);
        assertThat(text.toString()).contains("web").contains("sled change → ring → fetch → applied")
                .contains("doorbell path, 1 changes: change→ring 1 / 1, ring→fetch 29 / 29, fetch→applied 10 / 10, total 40 / 40");
    }
}
