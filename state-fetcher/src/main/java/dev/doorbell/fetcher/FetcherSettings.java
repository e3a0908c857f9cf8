package dev.doorbell.fetcher;

import dev.doorbell.topics.PipelineTopics;
import java.time.Duration;
import java.util.Objects;

/**
 * How the fetch processor behaves, independent of Kafka client settings.
 *
 * @param topics the topics it reads and writes
 * @param policy the work-queue timing
 * @param punctuationInterval how often, at most, completions are forwarded and due fetches started
 *     when no doorbell arrives (wall-clock; fires only between polls, which {@link FetchWakeups} cuts short when work is due)
 * @param maxBatch most VMMs in one {@code POST /vmms/states} request
 * @param maxInFlight most HTTP requests in flight, all sleds together
 * @param maxInFlightPerSled most HTTP requests in flight to one sled
 * @param versionReprobe how long a sled's fallback to an older API version is remembered
 * @param pendingFormat the layout the pending store's entries are written in ({@link FetchEntrySerde}):
 *     {@value FetchEntrySerde#FORMAT}, or the older {@value FetchEntrySerde#FORMAT_2} or {@value LegacyFetchEntries#FORMAT_1}
 *     while a group still runs a release that reads only up to that (a rolling upgrade); every layout is read whatever
 *     this says
 * @param gather while sled requests are in flight, Kafka Streams' loop runs at most once per this interval, and what
 *     comes sooner (doorbells, answers) waits for the interval's end to be handled in one round ({@link WakeupAwareConsumer});
 *     0 hands everything over at once: up to two such waits less per change, for more CPU per change under load
 * @param catchUp whether a gathered round whose first consumer poll finds doorbells polls once more (at most 1 ms) for
 *     the response to the fetch request that poll sent, so the doorbells that came since are handled in the same round
 *     rather than the next ({@link WakeupAwareConsumer}): about a round less per doorbell, for a second fetch request per round
 */
public record FetcherSettings(PipelineTopics topics, FetchPolicy policy, Duration punctuationInterval, int maxBatch,
                              int maxInFlight, int maxInFlightPerSled, Duration versionReprobe, byte pendingFormat, Duration gather,
                              boolean catchUp) {

    /** {@link #pendingFormat()}'s default: the newest layout of the pending store's entries. */
    public static final byte DEFAULT_PENDING_FORMAT = FetchEntrySerde.FORMAT;

    /** {@link #gather()}'s default in milliseconds. Measured in docs/PERFORMANCE.md ("gathered rounds", "one fetch request per round"). */
    public static final int DEFAULT_GATHER_MS = 2;

    /** {@link #gather()}'s default. */
    public static final Duration DEFAULT_GATHER = Duration.ofMillis(DEFAULT_GATHER_MS);

    /**
     * {@link #catchUp()}'s default: off. Measured in docs/PERFORMANCE.md ("catch-up", "means of the path"): at 1,000
     * changes/s it lowers the median of a doorbell's ring → fetch started by about a bucket of its histogram but not its
     * mean, for about 0.2 more fetch requests per change; over sixteen phases neither the end-to-end median (against
     * upcall-body's in the same run) nor the CPU per change moved by more than the runs' spread, and the cost's mean was
     * the higher one.
     */
    public static final boolean DEFAULT_CATCH_UP = false;

    /** The longest {@link #gather()}: every doorbell and answer may wait it, so it stays far below the re-fetch spacing. */
    public static final Duration MAX_GATHER = Duration.ofMillis(20);

    public FetcherSettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(policy, "policy");
        if (punctuationInterval.isNegative() || punctuationInterval.isZero()) {
            throw new IllegalArgumentException("punctuationInterval must be positive");
        }
        if (maxBatch < 1 || maxBatch > 1000) {
            throw new IllegalArgumentException("maxBatch must be 1..1000 (the sled API's limit)");
        }
        if (maxInFlight < 1 || maxInFlightPerSled < 1) {
            throw new IllegalArgumentException("in-flight limits must be at least 1");
        }
        if (!FetchEntrySerde.isWritable(pendingFormat)) {
            throw new IllegalArgumentException("pending store format must be " + LegacyFetchEntries.FORMAT_1 + ", "
                    + FetchEntrySerde.FORMAT_2 + " or " + FetchEntrySerde.FORMAT + ", was " + pendingFormat);
        }
        requireGather(gather);
    }

    /**
     * @return {@code gather} if it is a valid {@link #gather()}
     * @throws IllegalArgumentException if it is negative or longer than {@link #MAX_GATHER}
     */
    public static Duration requireGather(Duration gather) {
        Objects.requireNonNull(gather, "gather");
        if (gather.isNegative() || gather.compareTo(MAX_GATHER) > 0) {
            throw new IllegalArgumentException("gather must be 0.." + MAX_GATHER.toMillis() + " ms, was " + gather.toMillis() + " ms");
        }
        return gather;
    }

    public static FetcherSettings defaults() {
        return new FetcherSettings(PipelineTopics.defaults(), FetchPolicy.defaults(), Duration.ofMillis(1), 500, 256, 16,
                Duration.ofMinutes(5), DEFAULT_PENDING_FORMAT, DEFAULT_GATHER,
                DEFAULT_CATCH_UP);
    }

    public FetcherSettings withTopics(PipelineTopics value) {
        return new FetcherSettings(value, policy, punctuationInterval, maxBatch, maxInFlight, maxInFlightPerSled, versionReprobe, pendingFormat, gather, catchUp);
    }

    public FetcherSettings withPolicy(FetchPolicy value) {
        return new FetcherSettings(topics, value, punctuationInterval, maxBatch, maxInFlight, maxInFlightPerSled, versionReprobe, pendingFormat, gather, catchUp);
    }

    public FetcherSettings withLimits(int total, int perSled) {
        return new FetcherSettings(topics, policy, punctuationInterval, maxBatch, total, perSled, versionReprobe, pendingFormat, gather, catchUp);
    }

    /** At most {@code value} VMMs per sled request (1..1000). */
    public FetcherSettings withMaxBatch(int value) {
        return new FetcherSettings(topics, policy, punctuationInterval, value, maxInFlight, maxInFlightPerSled, versionReprobe, pendingFormat, gather, catchUp);
    }

    public FetcherSettings withPunctuationInterval(Duration value) {
        return new FetcherSettings(topics, policy, value, maxBatch, maxInFlight, maxInFlightPerSled, versionReprobe, pendingFormat, gather, catchUp);
    }

    public FetcherSettings withVersionReprobe(Duration value) {
        return new FetcherSettings(topics, policy, punctuationInterval, maxBatch, maxInFlight, maxInFlightPerSled, value, pendingFormat, gather, catchUp);
    }

    /** Writes the pending store's entries in {@code value} (1, 2 or 3); see {@link #pendingFormat()}. */
    public FetcherSettings withPendingFormat(byte value) {
        return new FetcherSettings(topics, policy, punctuationInterval, maxBatch, maxInFlight, maxInFlightPerSled, versionReprobe,
                value, gather, catchUp);
    }

    /** Streams' loop at most once per {@code value} while requests are in flight (0..{@link #MAX_GATHER}); see {@link #gather()}. */
    public FetcherSettings withGather(Duration value) {
        return new FetcherSettings(topics, policy, punctuationInterval, maxBatch, maxInFlight, maxInFlightPerSled, versionReprobe, pendingFormat,
                value, catchUp);
    }

    /** Whether a gathered round that finds doorbells polls once more for those that came since; see {@link #catchUp()}. */
    public FetcherSettings withCatchUp(boolean value) {
        return new FetcherSettings(topics, policy, punctuationInterval, maxBatch, maxInFlight, maxInFlightPerSled, versionReprobe, pendingFormat,
                gather, value);
    }
}
