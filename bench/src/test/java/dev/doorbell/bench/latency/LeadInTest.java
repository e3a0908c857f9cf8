package dev.doorbell.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Drives {@link LeadIn.Check} as the change driver does (asked between changes) with a fake clock and JIT total. */
class LeadInTest {

    private static final long MS = 1_000_000;
    private static final JitSettle RULE = new JitSettle(Duration.ofSeconds(3), 150, Duration.ofSeconds(20), Duration.ofMillis(250));

    private long nanos = 5_000 * MS;
    private long jit = 40_000;
    private final AtomicInteger samples = new AtomicInteger();

    private LeadIn.Check check() {
        return new LeadIn.Check(RULE, () -> nanos, () -> {
            samples.incrementAndGet();
            return jit;
        });
    }

    /** Asks the check every millisecond while {@code jitPerSecond} ms of compilation accrue, until it is done. */
    private Duration runUntilDone(LeadIn.Check check, long compilingForMillis, long jitPerSecond) {
        long start = nanos;
        while (!check.done()) {
            nanos += MS;
            if (nanos - start <= compilingForMillis * MS && (nanos - start) % (100 * MS) == 0) {
                jit += jitPerSecond / 10;
            }
        }
        return Duration.ofNanos(nanos - start);
    }

    @Test
    void stopsOneWindowAfterCompilationFallsQuietUnderLoad() {
        LeadIn.Check check = check();

        Duration ran = runUntilDone(check, 7_000, 900); // C2 busy for 7 s, as at a mode switch

        assertThat(check.outcome()).get().isInstanceOf(JitSettle.Outcome.Settled.class);
        assertThat(ran).isBetween(Duration.ofMillis(9_500), Duration.ofMillis(10_250));
    }

    @Test
    void samplesTheJitAtMostOncePerPollSoTheDriverCanAskBetweenEveryChange() {
        LeadIn.Check check = check();
        samples.set(0);

        Duration ran = runUntilDone(check, 0, 0);

        assertThat(ran).isEqualTo(Duration.ofSeconds(3));
        assertThat(samples.get()).isEqualTo(3_000 / 250);
    }

    @Test
    void aJitThatNeverQuietensEndsTheLeadInAtTheTimeoutAndSaysSo() {
        LeadIn.Check check = check();

        Duration ran = runUntilDone(check, Long.MAX_VALUE / MS, 100); // 300 ms per 3 s: never under 150

        assertThat(check.outcome()).get().isInstanceOf(JitSettle.Outcome.TimedOut.class);
        assertThat(ran).isEqualTo(Duration.ofSeconds(20));
        assertThat(check.done()).as("stays done once decided").isTrue();
    }

    @Test
    void describesItsRuleForTheReport() {
        assertThat(LeadIn.DEFAULT.describe()).contains("< 100 ms over 5.0 s", "at most 60 s");
    }
}
