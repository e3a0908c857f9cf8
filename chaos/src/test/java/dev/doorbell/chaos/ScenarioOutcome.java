package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * How every scenario ends: the storm stops, the database must come to equal every sled within
 * {@link #BOUND}, the row goes to the {@link ChaosReport} (whatever the result, so a failure shows
 * in the table too), and the test fails if anything differs or was lost, or if a VMM of a sled was
 * not placed by the control plane.
 */
final class ScenarioOutcome {

    /** The stated bound on convergence after a heal. */
    static final Duration BOUND = Duration.ofSeconds(120);

    private ScenarioOutcome() {
    }

    /** Stops {@code storm}, waits for convergence, records the row and asserts that nothing was lost. */
    static ConvergenceResult settle(ChaosPipeline pipeline, Storm storm, Instant healedAt, String scenario, String fault)
            throws SQLException {
        storm.stop();
        ConvergenceResult result = pipeline.convergence().awaitEqual(healedAt, BOUND);
        ChaosReport.record(scenario, fault, result.vmms(), pipeline.stateChanges(), result.timeToConverge(), result.lost());
        assertThat(result.mismatches()).as("VMMs whose database row differs from the sled %s after the heal", BOUND)
                .isEmpty();
        assertThat(result.lost()).as("lost updates").isZero();
        assertThat(pipeline.convergence().vmmsNotPlacedByTheControlPlane()).as("VMMs with a row but no instance").isEmpty();
        return result;
    }
}
