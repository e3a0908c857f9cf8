package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepWindowsTest {

    private final SweepWindows windows = new SweepWindows();

    private void at(long ms, long rung, long sweeps, long sweepMs, long consumed) {
        windows.observe(new SweepWindows.Sample(ms, rung, sweeps, sweepMs * 1_000_000, consumed));
    }

    @Test
    void aWindowRunsFromTheSweepsStartUntilTheFetcherHasConsumedAsManyRingsAsItRang() {
        at(0, 0, 0, 0, 100);
        at(20, 0, 0, 0, 100);
        at(40, 500, 0, 0, 150); // first batch rung: the sweep began after the previous sample
        assertThat(windows.windows()).containsExactly(new SweepWindows.Window(20, Long.MAX_VALUE));
        at(60, 1_000, 1, 50, 400); // ended, recorded as 50 ms long: began at 10 at the latest
        at(80, 1_000, 1, 50, 1_000);
        at(100, 1_000, 1, 50, 1_100); // 1,000 consumed since the window opened
        at(120, 1_000, 1, 50, 1_200);

        List<SweepWindows.Window> seen = windows.windows();
        assertThat(seen).containsExactly(new SweepWindows.Window(10, 100));
        assertThat(SweepWindows.during(seen, 50)).isTrue();
        assertThat(SweepWindows.during(seen, 100.5)).isFalse();
        assertThat(SweepWindows.during(seen, 9)).isFalse();
    }

    @Test
    void theNextSweepStartingBeforeTheRingsAreConsumedClosesTheWindowAndOpensTheNext() {
        at(0, 0, 0, 0, 0);
        at(20, 100, 0, 0, 0);
        at(40, 100, 1, 10, 10);
        at(60, 150, 1, 10, 20);

        assertThat(windows.windows()).containsExactly(new SweepWindows.Window(0, 40), new SweepWindows.Window(40, Long.MAX_VALUE));
    }

    @Test
    void aSweepThatRangNothingHasTheWindowOfItsOwnRun() {
        at(0, 0, 0, 0, 0);
        at(20, 0, 0, 0, 0);
        at(1_000, 0, 1, 700, 0); // ended, 700 ms long, rang nothing
        at(1_020, 0, 1, 700, 0);

        assertThat(windows.windows()).containsExactly(new SweepWindows.Window(300, 1_000));
    }

    @Test
    void splitsLatenciesByWhenTheChangeWasMade() {
        List<SweepWindows.Window> sweep = List.of(new SweepWindows.Window(1_000, 2_000));
        // made at 900 (outside), 1,500 (during), 2,100 (outside), 1,990 (during)
        LatencySamples samples = new LatencySamples(new double[] {1_000, 1_600, 2_200, 2_400}, new double[] {100, 100, 100, 410},
                new int[4]);

        SweepSplit split = SweepSplit.of(samples, sweep);

        assertThat(split.during()).containsExactly(100, 410);
        assertThat(split.outside()).containsExactly(100, 100);
        assertThat(SweepSplit.of(samples, List.of()).during()).isEmpty();
    }
}
