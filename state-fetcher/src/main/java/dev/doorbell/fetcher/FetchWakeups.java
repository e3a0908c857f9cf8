package dev.doorbell.fetcher;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the fetcher's stream threads next have work that no incoming doorbell brings: a fetch due
 * (after a collapse, a back-off, a directory wait) or an answer to forward. Kafka Streams runs
 * punctuators only between polls of its main consumer, and that poll blocks until a record arrives or
 * {@code poll.ms} passes; the main consumer's poll is therefore shortened to the earliest wake-up any
 * fetch processor asks for ({@link WakeupAwareConsumer}), and while requests are in flight it is made
 * of 1 ms consumer polls, and Streams' loop runs at most once per gathering interval ({@link FetcherSettings#gather()}):
 * a wait that starts sooner after the last round lets the rest of that interval pass without a
 * consumer poll, and what came meanwhile (answers, doorbells) is handed over together, with one or two fetch
 * requests per round (the second is the catch-up, {@link FetcherSettings#catchUp()}). So {@code poll.ms} can stay long (an idle fetcher loops a
 * few times a second), a doorbell that finds nothing in flight is handled at once, answers are forwarded
 * within a few milliseconds, and Streams goes round its loop (a round costs far more than a consumer
 * poll) only when there is something to do, and then for everything that came together.
 *
 * <p>One instance per {@code KafkaStreams} instance. Thread-safe: processors register and update
 * their wake-up times on their stream thread; consumers read them on theirs. With several stream
 * threads a consumer sees every processor's wake-up, so a thread may poll shorter than it needs to,
 * never longer.
 */
public final class FetchWakeups {

    /** Nothing to wake for. */
    public static final long NEVER = Long.MAX_VALUE;

    /** A fetch processor: its next wake-up, and whether answers may arrive before it. */
    interface Source {
        /** The next wake-up, in epoch milliseconds ({@link #NEVER} if none); 0 when an answer waits. */
        long wakeAtMs();

        /** Whether requests are in flight, whose answers set {@link #wakeAtMs()} to 0 when they come. */
        default boolean awaitingAnswers() {
            return false;
        }
    }

    private final Set<Source> sources = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    void register(Source source) {
        sources.add(source);
    }

    void unregister(Source source) {
        sources.remove(source);
    }

    /** The fetcher is closing: polls stop waiting, so the stream threads see the shutdown at once. */
    public void closing() {
        closing = true;
    }

    /** Whether {@link #closing()} was called. */
    public boolean isClosing() {
        return closing;
    }

    /** Whether any registered processor awaits answers to requests in flight. */
    public boolean awaitingAnswers() {
        for (Source source : sources) {
            if (source.awaitingAnswers()) {
                return true;
            }
        }
        return false;
    }

    /** The earliest wake-up any registered processor asks for, or {@link #NEVER}. */
    public long nextWakeMs() {
        long next = NEVER;
        for (Source source : sources) {
            next = Math.min(next, source.wakeAtMs());
        }
        return next;
    }
}
