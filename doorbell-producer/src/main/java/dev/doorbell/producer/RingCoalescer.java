package dev.doorbell.producer;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The publisher's coalescing set: per VMM at most one entry, whatever the number of rings, so memory
 * is bounded by the number of VMMs. Thread-safe; every transition is one atomic map update.
 *
 * <p>Phases of an entry: {@code READY} (waiting to be sent), {@code IN_FLIGHT} (a send started and
 * is not acknowledged), {@code IN_FLIGHT_DIRTY} (rung again during that send). The contract that
 * gives "no lost wake-up" with "at most one send in flight per VMM":
 * <ul>
 *   <li>a ring on an absent VMM makes it READY ({@link RingOutcome#QUEUED}): the caller queues it;</li>
 *   <li>a ring on a READY or dirty VMM is absorbed;</li>
 *   <li>a ring on an IN_FLIGHT VMM marks it dirty: exactly one more send follows the acknowledgement;</li>
 *   <li>{@link #acknowledged} of a dirty VMM, and {@link #failed} of any in-flight VMM, make it READY
 *       again and return {@code true}: the caller queues it; a clean acknowledgement removes it.</li>
 * </ul>
 */
public final class RingCoalescer {

    enum Phase { READY, IN_FLIGHT, IN_FLIGHT_DIRTY }

    /** Immutable per-VMM entry; {@code next} holds the rings that arrived during a send. */
    record Entry(Phase phase, OutgoingDoorbell current, OutgoingDoorbell next, int failures) {}

    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();

    /** What a ring did to the coalescing set. */
    public enum RingOutcome {
        /** The VMM just became READY: the caller must queue it. */
        QUEUED,
        /** A send is in flight: one more send will follow its acknowledgement. */
        MARKED_DIRTY,
        /** Absorbed into a send that an earlier ring already caused. */
        ABSORBED
    }

    /** Records a ring and says what it did. */
    public RingOutcome ring(OutgoingDoorbell ring) {
        RingOutcome[] outcome = {RingOutcome.ABSORBED};
        entries.compute(ring.vmmId(), (id, entry) -> {
            if (entry == null) {
                outcome[0] = RingOutcome.QUEUED;
                return new Entry(Phase.READY, ring, null, 0);
            }
            return switch (entry.phase()) {
                case READY -> new Entry(Phase.READY, merge(entry.current(), ring), null, entry.failures());
                case IN_FLIGHT -> {
                    outcome[0] = RingOutcome.MARKED_DIRTY;
                    yield new Entry(Phase.IN_FLIGHT_DIRTY, entry.current(), ring, entry.failures());
                }
                case IN_FLIGHT_DIRTY -> new Entry(Phase.IN_FLIGHT_DIRTY, entry.current(), merge(entry.next(), ring), entry.failures());
            };
        });
        return outcome[0];
    }

    /**
     * Moves a READY VMM to IN_FLIGHT and returns the doorbell to send; empty if the VMM is not
     * READY (a stale queue entry), in which case nothing must be sent.
     */
    public Optional<OutgoingDoorbell> startSend(UUID vmmId) {
        OutgoingDoorbell[] toSend = {null};
        entries.computeIfPresent(vmmId, (id, entry) -> {
            if (entry.phase() != Phase.READY) {
                return entry;
            }
            toSend[0] = entry.current();
            return new Entry(Phase.IN_FLIGHT, entry.current(), null, entry.failures());
        });
        return Optional.ofNullable(toSend[0]);
    }

    /** The in-flight send was acknowledged. Returns {@code true} if the VMM is READY again (rung during the send). */
    public boolean acknowledged(UUID vmmId) {
        boolean[] again = {false};
        entries.computeIfPresent(vmmId, (id, entry) -> switch (entry.phase()) {
            case IN_FLIGHT -> null;
            case IN_FLIGHT_DIRTY -> {
                again[0] = true;
                yield new Entry(Phase.READY, entry.next(), null, 0);
            }
            case READY -> entry;
        });
        return again[0];
    }

    /**
     * The in-flight send failed. The VMM becomes READY again (keeping the earliest ring) and
     * {@code true} is returned: the caller queues it again, so a failed send is never dropped.
     */
    public boolean failed(UUID vmmId) {
        boolean[] again = {false};
        entries.computeIfPresent(vmmId, (id, entry) -> switch (entry.phase()) {
            case IN_FLIGHT -> {
                again[0] = true;
                yield new Entry(Phase.READY, entry.current(), null, entry.failures() + 1);
            }
            case IN_FLIGHT_DIRTY -> {
                again[0] = true;
                yield new Entry(Phase.READY, merge(entry.current(), entry.next()), null, entry.failures() + 1);
            }
            case READY -> entry;
        });
        return again[0];
    }

    /** Consecutive failed sends of this VMM's current doorbell (0 if absent). */
    public int failures(UUID vmmId) {
        Entry entry = entries.get(vmmId);
        return entry == null ? 0 : entry.failures();
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The VMM ids not yet acknowledged (a copy). */
    public Set<UUID> snapshot() {
        return Set.copyOf(entries.keySet());
    }

    Map<UUID, Entry> view() {
        return Map.copyOf(entries);
    }

    /** Coalesces two doorbells for one VMM: the earliest ring's source and time, the rings summed. */
    private static OutgoingDoorbell merge(OutgoingDoorbell earlier, OutgoingDoorbell later) {
        OutgoingDoorbell first = earlier.firstRungAtMicros() <= later.firstRungAtMicros() ? earlier : later;
        return new OutgoingDoorbell(first.vmmId(), first.source(), first.sledId(), first.firstRungAtMicros(),
                saturatedSum(earlier.rings(), later.rings()));
    }

    private static int saturatedSum(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }
}
