package dev.doorbell.kafka;

/**
 * How long a consumer that is idle most of the time lets the broker hold an empty fetch
 * ({@code fetch.max.wait.ms}): 2 s instead of Kafka's 0.5 s, a quarter of the idle fetch requests.
 * A new record still answers the fetch at once, so nothing waits longer for data. Used by the
 * reconciler's consumer and the fetcher's directory (global) consumer; measured in
 * docs/PERFORMANCE.md ("idle loops").
 */
public final class IdleFetch {

    /** {@code fetch.max.wait.ms} of the pipeline's mostly idle consumers. */
    public static final int MAX_WAIT_MS = 2_000;

    private IdleFetch() {}
}
