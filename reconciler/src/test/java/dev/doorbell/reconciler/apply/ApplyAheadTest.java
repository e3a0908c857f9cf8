package dev.doorbell.reconciler.apply;

import static dev.doorbell.reconciler.apply.TestObservations.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Applying ahead of publishing, against a real PostgreSQL, one fresh database per test. */
@Tag("servers")
@ExtendWith(PostgresExtension.class)
class ApplyAheadTest {

    private final UUID sled = UUID.randomUUID();
    private final UUID vmm = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Database database;
    private Rows rows;
    private ApplyAhead ahead;

    @BeforeEach
    void open(PostgresServer postgres) throws Exception {
        database = TestDatabases.create(postgres);
        rows = new Rows(database.dataSource());
        rows.placed(vmm, sled);
        rows.placed(other, sled);
        ahead = new ApplyAhead(new ObservationApplier(database.dataSource()), meters);
    }

    @AfterEach
    void close() {
        ahead.close();
        database.close();
    }

    private static Set<UUID> committed(CompletableFuture<Set<UUID>> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void eachRequestLearnsWhichOfItsVmmsTheDatabaseCommittedBehindTheGuards() throws Exception {
        UUID unknown = UUID.randomUUID(); // no row: the control plane never placed it

        CompletableFuture<Set<UUID>> first = ahead.apply(List.of(state(vmm, sled, VmmState.STARTING, 2),
                state(unknown, sled, VmmState.RUNNING, 3)));
        CompletableFuture<Set<UUID>> second = ahead.apply(List.of(state(other, sled, VmmState.RUNNING, 4)));

        assertThat(committed(first)).as("the refused one is left to the reconciler, which dead-letters it").containsExactly(vmm);
        assertThat(committed(second)).containsExactly(other);
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo("starting");
            assertThat(r.generation()).isEqualTo(2);
        });
        assertThat(rows.vmm(other)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(4));
        assertThat(rows.vmm(unknown)).isEmpty();
        assertThat(meters.counter(ApplierMetrics.APPLIED).count()).isEqualTo(2);
        assertThat(meters.find(ApplierMetrics.REFUSED).counters()).as("counted by the reconciler that reads it later").isEmpty();
        assertThat(meters.timer(ApplierMetrics.CHANGE_TO_COMMIT_LATENCY).count()).isEqualTo(2);

        CompletableFuture<Set<UUID>> again = ahead.apply(List.of(state(vmm, sled, VmmState.STARTING, 2)));

        assertThat(committed(again)).as("a duplicate is committed too: it changed nothing, and needs nothing more").containsExactly(vmm);
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(2));
    }

    @Test
    void aDatabaseThatFailsLeavesEveryObservationToTheReconciler(PostgresServer postgres) throws Exception {
        Database gone = TestDatabases.create(postgres);
        gone.close();
        try (ApplyAhead failing = new ApplyAhead(new ObservationApplier(gone.dataSource()), meters)) {
            assertThat(committed(failing.apply(List.of(state(vmm, sled, VmmState.RUNNING, 3))))).isEmpty();
        }
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(1));
    }

    @Test
    void onceClosedItAppliesNothing() throws Exception {
        ahead.close();

        assertThat(committed(ahead.apply(List.of(state(vmm, sled, VmmState.RUNNING, 3))))).isEmpty();
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(1));
    }
}
