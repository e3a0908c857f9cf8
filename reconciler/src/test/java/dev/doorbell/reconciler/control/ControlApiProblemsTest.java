package dev.doorbell.reconciler.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.http.Problem;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one place that turns the control plane's exceptions into HTTP statuses. */
class ControlApiProblemsTest {

    private static final UUID SLED = UUID.randomUUID();

    @Test
    void eachRefusalHasItsStatusAndKeepsItsMessage() {
        assertThat(ControlApi.problem(ControlRefusal.invalid("address is required")))
                .extracting(Problem::status, Problem::detail).containsExactly(400, "address is required");
        assertThat(ControlApi.problem(ControlRefusal.notFound("no instance")).status()).isEqualTo(404);
        assertThat(ControlApi.problem(ControlRefusal.conflict("sled is expunged")).status()).isEqualTo(409);
        assertThat(ControlApi.problem(ControlRefusal.unavailable("not acknowledged")).status()).isEqualTo(503);
    }

    @Test
    void failedSledCallsAreAnsweredAsOmicronMapsThem() {
        UUID vmm = UUID.randomUUID();
        Problem gone = ControlApi.problem(new ControlCallException.VmmGone(SLED, vmm, "stop"));
        assertThat(gone.status()).isEqualTo(503);
        assertThat(gone.extensions()).containsEntry("sled_id", SLED.toString()).containsEntry("vmm_id", vmm.toString());
        assertThat(ControlApi.problem(new ControlCallException.SledRefused(SLED, "no")).status()).isEqualTo(409);
        assertThat(ControlApi.problem(new ControlCallException.SledUnreachable(SLED, "refused", null)).status()).isEqualTo(502);
        assertThat(ControlApi.problem(new ControlCallException.SledTimedOut(SLED, "timeout", null)).status()).isEqualTo(504);
        assertThat(ControlApi.problem(new ControlCallException.SledFailed(SLED, "500", null)).status()).isEqualTo(502);
    }
}
