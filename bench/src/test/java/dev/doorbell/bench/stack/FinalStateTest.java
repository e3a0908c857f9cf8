package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.reconciler.audit.AuditReport;
import dev.doorbell.reconciler.audit.UnaskedSled;
import dev.doorbell.reconciler.audit.VmmDifference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FinalStateTest {

    private static final List<UUID> VMMS = IntStream.range(0, 8).mapToObj(i -> new UUID(0, i)).toList();
    private static final UUID SLED_A = new UUID(1, 0);
    private static final UUID SLED_B = new UUID(1, 1);

    /** VMMs 0..3 run on sled A, 4..7 on sled B. */
    private static UUID sledOf(int index) {
        return index < 4 ? SLED_A : SLED_B;
    }

    @Test
    void everyDifferenceCountsWhateverTheGraceAndOnlyTheAskedVmmsAreCounted() {
        AuditReport report = new AuditReport(Instant.EPOCH, Duration.ZERO, 2, 8, 6, List.of(
                new VmmDifference(VMMS.get(1), SLED_A, VmmDifference.Kind.BEHIND, "running", 3, "stopping", 4L, Duration.ZERO, false),
                new VmmDifference(VMMS.get(6), SLED_B, VmmDifference.Kind.CONFLICT, "running", 5, "running", 4L, null, true)), List.of());

        FinalState state = FinalState.of(report, Set.copyOf(VMMS), VMMS.size(), VMMS::get, FinalStateTest::sledOf);

        assertThat(state.mismatches(List.of(0, 1, 2, 3, 4, 5, 6, 7))).isEqualTo(2);
        assertThat(state.mismatches(List.of(0, 1))).isEqualTo(1);
        assertThat(state.mismatches(List.of(0, 2, 7))).isZero();
        assertThat(state.mismatches(List.of())).isZero();
        assertThat(state.audited()).isEqualTo(8);
    }

    @Test
    void aVmmWithNoRowOrOnASledNotAskedIsNotSeenEqualSoItCountsAsWrong() {
        AuditReport report = new AuditReport(Instant.EPOCH, Duration.ZERO, 2, 3, 3, List.of(),
                List.of(new UnaskedSled(SLED_B, "http://127.0.0.1:1", "unreachable", 4)));
        Set<UUID> rows = Set.of(VMMS.get(0), VMMS.get(1), VMMS.get(2), VMMS.get(4), VMMS.get(5), VMMS.get(6), VMMS.get(7));

        FinalState state = FinalState.of(report, rows, VMMS.size(), VMMS::get, FinalStateTest::sledOf);

        assertThat(state.mismatches(List.of(0, 1, 2))).isZero();
        assertThat(state.mismatches(List.of(3))).as("no row").isEqualTo(1);
        assertThat(state.mismatches(List.of(0, 4, 5))).as("on the sled not asked").isEqualTo(2);
        assertThat(state.mismatches(IntStream.range(0, 8).boxed().toList())).isEqualTo(5);
    }
}
