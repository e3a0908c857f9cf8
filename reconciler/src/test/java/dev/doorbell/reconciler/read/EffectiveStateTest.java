package dev.doorbell.reconciler.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of omicron's {@code InstanceStateComputer::compute_state} table (saga_unwound aside: no such state here). */
class EffectiveStateTest {

    @ParameterizedTest(name = "{0} with active VMM {1}, migration_id set={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            // a recorded migration shows as migrating whatever the active VMM's state
            "vmm, creating, true, migrating",
            "vmm, starting, true, migrating",
            "vmm, running, true, migrating",
            "vmm, stopping, true, migrating",
            "vmm, stopped, true, migrating",
            "vmm, rebooting, true, migrating",
            "vmm, migrating, true, migrating",
            "vmm, failed, true, migrating",
            "vmm, destroyed, true, migrating",
            // stopped/destroyed/failed: stopping until the VMM is unlinked
            "vmm, stopped, false, stopping",
            "vmm, destroyed, false, stopping",
            "vmm, failed, false, stopping",
            "vmm, creating, false, starting",
            "vmm, starting, false, starting",
            "vmm, running, false, running",
            "vmm, stopping, false, stopping",
            "vmm, rebooting, false, rebooting",
            "vmm, migrating, false, migrating",
            // no VMM: by the instance's own state
            "no_vmm, -, false, stopped",
            "vmm, -, false, stopped",
            "creating, -, false, creating",
            "failed, -, false, failed",
            "destroyed, -, false, destroyed",
            "no_vmm, running, false, stopped",
            "failed, running, false, failed",
    })
    void derivesAsOmicronDoes(String instanceState, String vmmState, boolean migrationIdSet, String expected) {
        assertThat(EffectiveState.derive(instanceState, vmmState, migrationIdSet).wireName()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"VMM", "no_VMM", "''"})
    void rejectsUnknownInstanceStates(String instanceState) {
        assertThatThrownBy(() -> EffectiveState.derive(instanceState, null, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"saga_unwound", "Running"})
    void rejectsUnknownVmmStates(String vmmState) {
        assertThatThrownBy(() -> EffectiveState.derive("vmm", vmmState, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
