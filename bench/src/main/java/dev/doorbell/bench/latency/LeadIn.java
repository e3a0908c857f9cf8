package dev.doorbell.bench.latency;

import dev.doorbell.bench.stack.BenchStack;
import dev.doorbell.bench.stack.ChangeDriver;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.JvmWork;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The untimed churn right before each measured phase: the phase's own mode at its own rate, kept
 * running until the JIT has settled under that load ({@link JitSettle}: its compilation time grew by
 * less than the rule's limit over the rule's window), or the rule's timeout passed; then drained like
 * any phase. The warm-up ({@link ModeWarmUp}) is not enough on its own: all modes share one JVM whose
 * one C2 compiler thread stays busy through a mode's whole warm-up slice, and compilations still queued
 * when the mode stops are dropped as stale, so the next measured phase of that mode started in profiled
 * (tier 3) code and paid seconds of C2 compilation at its start (docs/PERFORMANCE.md, "The phase-start
 * stall"). A deployed fetcher or reconciler runs one role, compiled once.
 *
 * @param rule when the JIT counts as settled under load; its {@code poll} is how often the lead-in samples
 */
public record LeadIn(JitSettle rule) {

    /**
     * Less than 100 ms of compilation over 5 s (2 % of one core), sampled every 250 ms, at most 60 s. A looser first
     * rule (150 ms over 3 s) let one 1,000/s phase start with 2.3 s of compilation still to come.
     */
    public static final LeadIn DEFAULT = new LeadIn(new JitSettle(Duration.ofSeconds(5), 100, Duration.ofSeconds(60),
            Duration.ofMillis(250)));

    public LeadIn {
        Objects.requireNonNull(rule, "rule");
    }

    /** @return this rule, lasting at most {@code max} */
    public LeadIn upTo(Duration max) {
        return new LeadIn(new JitSettle(rule.window(), rule.maxGrowthMillis(), max, rule.poll()));
    }

    /**
     * Runs the lead-in of one phase: {@code mode} at {@code rate}, VMMs from {@code pick}, until settled
     * or timed out; then waits up to {@code drain} for its changes to be applied. What it measures is dropped.
     */
    public JitSettle.Outcome run(BenchStack stack, ChangeDriver driver, DeliveryMode mode, int rate, IntSupplier pick,
                                 Duration drain) throws Exception {
        Check check = new Check(rule, System::nanoTime, () -> JvmWork.now().jitMillis());
        String label = String.format(Locale.ROOT, "lead-in %-13s %6s", mode.wireName(), rate + "/s");
        stack.measure(() -> driver.steady(mode, rate, rule.timeout(), check::done, pick, i -> 0, label), drain);
        return check.outcome().orElseGet(() -> new JitSettle.Outcome.TimedOut(rule.timeout()));
    }

    /** @return how the latency report states the rule */
    public String describe() {
        return describe("before each measured phase, its own mode at its own rate");
    }

    /** @return how a report states the rule, {@code when} saying before what and at which rate the lead-in runs */
    public String describe(String when) {
        return String.format(Locale.ROOT, "%s, untimed, until JIT compilation grew < %d ms over %.1f s (at most %.0f s), then drained",
                when, rule.maxGrowthMillis(), rule.window().toMillis() / 1000.0, rule.timeout().toMillis() / 1000.0);
    }

    /** @return the figures a report gives for a lead-in that ended as {@code outcome}, in column order */
    public static Map<String, Object> figures(JitSettle.Outcome outcome) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(LatencyBench.LEAD_IN_SECONDS, outcome.waited().toMillis() / 1000.0);
        figures.put(LatencyBench.LEAD_IN_SETTLED, outcome instanceof JitSettle.Outcome.Settled);
        return figures;
    }

    /**
     * The stop condition the driver asks between changes: samples the compilation total at most once
     * per {@link JitSettle#poll()}, so asking is cheap, and is done once the rule has decided.
     */
    static final class Check {
        private final JitSettle rule;
        private final LongSupplier nanoTime;
        private final LongSupplier jitMillis;
        private final JitSettle.Watch watch;
        private long nextSampleNanos;
        private Optional<JitSettle.Outcome> outcome = Optional.empty();

        Check(JitSettle rule, LongSupplier nanoTime, LongSupplier jitMillis) {
            this.rule = rule;
            this.nanoTime = nanoTime;
            this.jitMillis = jitMillis;
            long now = nanoTime.getAsLong();
            this.watch = rule.watch(now, jitMillis.getAsLong());
            this.nextSampleNanos = now + rule.poll().toNanos();
        }

        /** @return whether the lead-in may stop: the JIT settled, or the rule timed out */
        boolean done() {
            if (outcome.isPresent()) {
                return true;
            }
            long now = nanoTime.getAsLong();
            if (now < nextSampleNanos) {
                return false;
            }
            nextSampleNanos = now + rule.poll().toNanos();
            outcome = watch.observe(now, jitMillis.getAsLong());
            return outcome.isPresent();
        }

        /** @return how the lead-in ended; empty while it has not */
        Optional<JitSettle.Outcome> outcome() {
            return outcome;
        }
    }
}
