package dev.doorbell.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Drives {@link RingCoalescer} the way {@link DoorbellPublisher} does, through arbitrary
 * interleavings of rings, dispatches and send outcomes (ack, failure, timeout), and checks
 * the two guarantees: never two sends in flight for one VMM, and for every VMM a send that
 * starts after its last ring.
 */
class RingCoalescerPropertyTest {

    private static final List<UUID> VMMS = List.of(new UUID(1, 1), new UUID(1, 2), new UUID(1, 3));

    sealed interface Action permits Ring, Dispatch, Complete {}

    record Ring(int vmm) implements Action {}

    record Dispatch() implements Action {}

    /** Completes the {@code index}-th oldest in-flight send (modulo their count) with an outcome. */
    record Complete(int index, Outcome outcome) implements Action {}

    enum Outcome { ACK, FAILURE, TIMEOUT }

    private static Gen<List<Action>> interleavings() {
        Gen<Action> ring = integers().between(0, VMMS.size() - 1).map(Ring::new);
        Gen<Action> dispatch = arbitrary().constant(new Dispatch());
        Gen<Action> complete = integers().between(0, 5).zip(arbitrary().enumValues(Outcome.class), Complete::new);
        return lists().of(Generate.frequency(Pair.of(4, ring), Pair.of(3, dispatch), Pair.of(3, complete))).ofSizeBetween(0, 200);
    }

    @Test
    void neverTwoInFlightAndAlwaysASendAfterTheLastRing() {
        qt().withExamples(500).forAll(interleavings()).checkAssert(RingCoalescerPropertyTest::holdOnceDrained);
    }

    @Test
    void pendingSetIsBoundedByVmmCountWhateverTheRings() {
        qt().withExamples(200).forAll(interleavings()).checkAssert(RingCoalescerPropertyTest::holdAtEveryStep);
    }

    private static void holdOnceDrained(List<Action> actions) {
        Harness harness = new Harness();
        for (Action action : actions) {
            harness.apply(action);
        }
        harness.drain();

        assertThat(harness.maxInFlightPerVmm).isLessThanOrEqualTo(1);
        harness.lastRingStep.forEach((vmm, ringStep) ->
                assertThat(harness.lastSendStartStep.getOrDefault(vmm, -1L))
                        .as("a send of %s starts after its last ring", vmm)
                        .isGreaterThan(ringStep));
        assertThat(harness.pending.isEmpty()).isTrue();
    }

    private static void holdAtEveryStep(List<Action> actions) {
        Harness harness = new Harness();
        for (Action action : actions) {
            harness.apply(action);
            assertThat(harness.pending.size()).isLessThanOrEqualTo(VMMS.size());
            assertThat(harness.ready.size()).isLessThanOrEqualTo(VMMS.size());
        }
    }

    private static final class Harness {
        final RingCoalescer pending = new RingCoalescer();
        final Deque<UUID> ready = new ArrayDeque<>();
        final List<UUID> inFlight = new ArrayList<>();
        final Map<UUID, Long> lastRingStep = new HashMap<>();
        final Map<UUID, Long> lastSendStartStep = new HashMap<>();
        int maxInFlightPerVmm;
        long step;

        void apply(Action action) {
            step++;
            switch (action) {
                case Ring r -> {
                    UUID vmm = VMMS.get(r.vmm());
                    lastRingStep.put(vmm, step);
                    if (pending.ring(new OutgoingDoorbell(vmm, DoorbellSource.SLED, Optional.empty(), step, 1)) == RingCoalescer.RingOutcome.QUEUED) {
                        ready.add(vmm);
                    }
                }
                case Dispatch d -> dispatchOne();
                case Complete c -> {
                    if (inFlight.isEmpty()) {
                        return;
                    }
                    UUID vmm = inFlight.remove(c.index() % inFlight.size());
                    boolean again = c.outcome() == Outcome.ACK ? pending.acknowledged(vmm) : pending.failed(vmm);
                    if (again) {
                        ready.add(vmm);
                    }
                }
            }
        }

        void dispatchOne() {
            UUID vmm = ready.poll();
            if (vmm == null) {
                return;
            }
            pending.startSend(vmm).ifPresent(doorbell -> {
                inFlight.add(vmm);
                lastSendStartStep.put(vmm, step);
                long sameVmm = inFlight.stream().filter(vmm::equals).count();
                maxInFlightPerVmm = Math.max(maxInFlightPerVmm, (int) sameVmm);
            });
        }

        /** Lets Kafka recover: dispatch everything and acknowledge everything until nothing is pending. */
        void drain() {
            int guard = 0;
            while ((!ready.isEmpty() || !inFlight.isEmpty()) && guard++ < 10_000) {
                step++;
                while (!ready.isEmpty()) {
                    dispatchOne();
                }
                step++;
                while (!inFlight.isEmpty()) {
                    UUID vmm = inFlight.remove(0);
                    if (pending.acknowledged(vmm)) {
                        ready.add(vmm);
                    }
                }
            }
        }
    }
}
