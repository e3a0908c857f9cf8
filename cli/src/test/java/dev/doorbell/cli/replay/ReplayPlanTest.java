package dev.doorbell.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static final String VMM = "0B7E5A52-3C1D-4D2E-9F60-1A2B3C4D5E6F";

    @Test
    void parsesTimesAndOffsets() {
        assertThat(Position.parse("--from", "2025-01-31T12:00:00Z")).isEqualTo(new Position.AtTime(Instant.parse("2025-01-31T12:00:00Z")));
        assertThat(Position.parse("--from", "2025-01-31T13:00:00+01:00")).isEqualTo(new Position.AtTime(Instant.parse("2025-01-31T12:00:00Z")));
        assertThat(Position.parse("--to", "2:1500")).isEqualTo(new Position.AtOffset(2, 1500));
        assertThatIllegalArgumentException().isThrownBy(() -> Position.parse("--from", "yesterday"))
                .withMessageStartingWith("--from: 'yesterday' is neither an ISO-8601 time");
    }

    @Test
    void vmmIsCanonicalLowercase() {
        ReplayPlan plan = ReplayPlan.parse(List.of("vmm.states"), VMM, null, null, false, false, null);
        assertThat(plan.vmm()).contains(UUID.fromString(VMM.toLowerCase()));
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("vmm.states"), "1-2-3-4-5", null, null, false, false, null))
                .withMessageContaining("--vmm: '1-2-3-4-5' is not a UUID");
    }

    @Test
    void rejectsCombinationsThatMakeNoSense() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("a", "b"), null, null, null, false, false, null))
                .withMessageContaining("only with --merge");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("a", "b"), null, null, null, false, true, null))
                .withMessageContaining("--merge needs --vmm");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("a", "b"), VMM, "1:0", null, false, true, null))
                .withMessageContaining("times, not partition:offset");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("a"), null, null, "2025-01-31T12:00:00Z", true, false, null))
                .withMessageContaining("--follow and --to");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("a"), null, "1:0", "2:5", false, false, null))
                .withMessageContaining("different partitions");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("a"), null, "2025-02-01T00:00:00Z", "2025-01-01T00:00:00Z", false, false, null))
                .withMessageContaining("is before --from");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayPlan.parse(List.of("a"), null, null, null, false, false, 0L))
                .withMessageContaining("--limit");
    }
}
