package dev.doorbell.reconciler.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.model.VmmState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EffectiveStateTest {

    @ParameterizedTest(name = "{0} with active VMM {1}, migrating={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "vmm, starting, false, starting",
            "vmm, running, false, running",
            "vmm, stopping, false, stopping",
            "vmm, stopped, false, stopping",
            "vmm, rebooting, false, rebooting",
            "vmm, migrating, true, migrating",
            "vmm, failed, false, failed",
            "vmm, destroyed, false, stopped",
            "vmm, destroyed, true, migrating",
            "no_vmm, -, false, stopped",
            "failed, -, false, failed",
            "destroyed, -, false, destroyed",
            "vmm, -, false, starting",
    })
    void derivesAsOmicronDoes(String instanceState, String vmmState, boolean migrating, String expected) {
        VmmState vmm = vmmState == null ? null : VmmState.fromWire(vmmState);
        assertThat(EffectiveState.derive(instanceState, vmm, migrating).wireName()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"creating", "VMM", "''"})
    void rejectsUnknownInstanceStates(String instanceState) {
        assertThatThrownBy(() -> EffectiveState.derive(instanceState, null, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
