package dev.doorbell.fetcher.sled;

import java.time.Duration;
import java.util.Objects;

/**
 * How the fetcher talks to sleds, validated on construction.
 *
 * @param implementation        which HTTP client library (see {@link Implementation})
 * @param connectTimeout        bound on opening a connection to a sled
 * @param requestTimeout        bound on one whole request, from send to the last byte of the answer
 * @param maxConnectionsPerSled connections kept to one sled (Jetty only; further requests queue in
 *                              the client; the JDK client opens one per concurrent request)
 */
public record SledClientConfig(Implementation implementation, Duration connectTimeout, Duration requestTimeout,
                               int maxConnectionsPerSled) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SLED = 64;

    /**
     * The HTTP client library. {@link #JETTY} is the default, chosen by measurement
     * ({@code SledClientBench}, 2 cores, JDK 25, sled in another process): per single GET it used
     * 0.43-0.45x the JDK client's CPU (~0.07 vs ~0.16 ms) at 1.6-1.7x the throughput; per batch of
     * 100 ids, 0.8x the CPU at 1.2-1.3x the throughput.
     */
    public enum Implementation {
        /** {@code java.net.http.HttpClient}, HTTP/1.1, {@code sendAsync}. */
        JDK,
        /** Eclipse Jetty 12 {@code HttpClient}, HTTP/1.1, asynchronous API. */
        JETTY
    }

    public SledClientConfig {
        Objects.requireNonNull(implementation, "implementation");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxConnectionsPerSled < 1) {
            throw new IllegalArgumentException("maxConnectionsPerSled must be >= 1");
        }
    }

    /**
     * Jetty, connect 1 s, request 5 s, 64 connections per sled. How many ids go in one request is the
     * fetcher's {@code FetcherSettings.maxBatch}, the one batch limit.
     */
    public static SledClientConfig defaults() {
        return new SledClientConfig(Implementation.JETTY, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS_PER_SLED);
    }

    public SledClientConfig withImplementation(Implementation value) {
        return new SledClientConfig(value, connectTimeout, requestTimeout, maxConnectionsPerSled);
    }

    public SledClientConfig withTimeouts(Duration connect, Duration request) {
        return new SledClientConfig(implementation, connect, request, maxConnectionsPerSled);
    }


    public SledClientConfig withMaxConnectionsPerSled(int value) {
        return new SledClientConfig(implementation, connectTimeout, requestTimeout, value);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
    }
}
