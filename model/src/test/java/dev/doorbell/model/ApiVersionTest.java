package dev.doorbell.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void parsesStrictSemver() {
        assertThat(ApiVersion.parse("1.0.0")).isEqualTo(ApiVersion.V1);
        assertThat(ApiVersion.parse("2.0.0")).isEqualTo(ApiVersion.V2);
        assertThat(ApiVersion.parse("10.20.30")).isEqualTo(new ApiVersion(10, 20, 30));
        for (String bad : new String[] {"", "1", "1.0", "1.0.0.0", " 1.0.0", "1.0.0 ", "01.0.0", "v1.0.0",
                "1.0.0-rc1", "1.0.0+b", "a.b.c", "1..0", "9999999999.0.0"}) {
            assertThatThrownBy(() -> ApiVersion.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ApiVersion.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersNumericallyAndKnowsTheNewest() {
        assertThat(new ApiVersion(1, 10, 0)).isGreaterThan(new ApiVersion(1, 9, 9));
        assertThat(ApiVersion.V2).isGreaterThan(ApiVersion.V1);
        assertThat(ApiVersion.newest()).isEqualTo(ApiVersion.V2);
        assertThat(ApiVersion.newestOf(List.of(ApiVersion.V2, ApiVersion.V1))).isEqualTo(ApiVersion.V2);
        assertThat(ApiVersion.V1.toString()).isEqualTo("1.0.0");
        assertThat(ApiVersion.V1.supportsFailureReason()).isFalse();
        assertThat(ApiVersion.V2.supportsBatchStates()).isTrue();
    }

    @Test
    void stateEnumsAreStrictAndKnowTerminals() {
        assertThat(VmmState.fromWire("migrating")).isEqualTo(VmmState.MIGRATING);
        assertThat(MigrationState.fromWire("in_progress")).isEqualTo(MigrationState.IN_PROGRESS);
        assertThatThrownBy(() -> VmmState.fromWire("Running")).isInstanceOf(IllegalArgumentException.class);
        assertThat(VmmState.FAILED.isTerminal()).isTrue();
        assertThat(VmmState.DESTROYED.isTerminal()).isTrue();
        assertThat(VmmState.STOPPED.isTerminal()).isFalse();
    }
}
