package dev.doorbell.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VmmStateTest {

    @Test
    void theTerminalStatesAreFailedAndDestroyedInEveryForm() {
        assertThat(VmmState.TERMINAL).containsExactlyInAnyOrder(VmmState.FAILED, VmmState.DESTROYED);
        assertThat(Arrays.stream(VmmState.values()).filter(VmmState::isTerminal)).containsExactlyInAnyOrderElementsOf(VmmState.TERMINAL);
        assertThat(VmmState.isTerminal("failed")).isTrue();
        assertThat(VmmState.isTerminal("destroyed")).isTrue();
        assertThat(VmmState.isTerminal("stopped")).isFalse();
        assertThat(VmmState.isTerminal("creating")).as("a database-only state").isFalse();
        assertThat(VmmState.isTerminal((String) null)).isFalse();
        assertThat(VmmState.terminalSqlValues()).isEqualTo("'failed', 'destroyed'");
    }
}
