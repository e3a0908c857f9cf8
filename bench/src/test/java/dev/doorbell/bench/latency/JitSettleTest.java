package dev.doorbell.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** Drives {@link JitSettle} with a fake clock that each pause advances, and a scripted compilation total. */
class JitSettleTest {

    private static final long MS = 1_000_000;
    private static final JitSettle RULE = new JitSettle(Duration.ofSeconds(2), 10, Duration.ofSeconds(10), Duration.ofMillis(100));

    /** A clock advanced only by {@link #pause()}, and the JIT total as a function of the time. */
    private static final class Fake {
        long nanos = 1_000 * MS; // an arbitrary origin: System.nanoTime() has none
        final LongUnaryOperator jitAtMillis;
        int pauses;

        Fake(LongUnaryOperator jitAtMillis) {
            this.jitAtMillis = jitAtMillis;
        }

        long jit() {
            return jitAtMillis.applyAsLong((nanos - 1_000 * MS) / MS);
        }

        void pause() {
            pauses++;
            nanos += 100 * MS;
        }

        JitSettle.Outcome await(JitSettle rule) {
            return rule.await(() -> nanos, this::jit, this::pause);
        }
    }

    @Test
    void aJitThatIsAlreadyQuietSettlesAfterExactlyOneWindow() {
        Fake fake = new Fake(ms -> 5_000);

        JitSettle.Outcome outcome = fake.await(RULE);

        assertThat(outcome).isInstanceOf(JitSettle.Outcome.Settled.class);
        assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fake.pauses).isEqualTo(20);
    }

    @Test
    void waitsUntilTheGrowthOverTheLastWindowFallsBelowTheLimit() {
        // Compiles 20 ms every 100 ms for the first 3 s, then stops: settled 2 s after it stopped.
        Fake fake = new Fake(ms -> Math.min(ms, 3_000) / 100 * 20);

        JitSettle.Outcome outcome = fake.await(RULE);

        assertThat(outcome).isInstanceOf(JitSettle.Outcome.Settled.class);
        assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void growthJustUnderTheLimitPerWindowCountsAsSettledAndAtTheLimitDoesNot() {
        // 0.45 ms per 100 ms = 9 ms per 2 s: settles after one window.
        assertThat(new Fake(ms -> ms * 45 / 10_000).await(RULE)).isInstanceOf(JitSettle.Outcome.Settled.class);
        // 5 ms per second = 10 ms per 2 s: never under the limit, so the timeout ends the wait.
        JitSettle.Outcome busy = new Fake(ms -> ms / 200).await(RULE);
        assertThat(busy).isInstanceOf(JitSettle.Outcome.TimedOut.class);
        assertThat(busy.waited()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aBurstInsideTheWindowRestartsTheWait() {
        // Quiet, then a 50 ms compilation burst at 1.5 s: the 2 s window must pass the burst first.
        Fake fake = new Fake(ms -> ms >= 1_500 ? 50 : 0);

        JitSettle.Outcome outcome = fake.await(RULE);

        assertThat(outcome).isInstanceOf(JitSettle.Outcome.Settled.class);
        assertThat(outcome.waited()).isEqualTo(Duration.ofMillis(3_500));
    }
}
