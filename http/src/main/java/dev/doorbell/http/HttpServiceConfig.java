package dev.doorbell.http;

import java.util.Objects;

/**
 * How an {@link HttpService} listens and what it accepts.
 *
 * @param name                  the service's name, reported by {@code /health} and used in thread names
 * @param host                  the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port                  the port to bind; 0 picks a free one (read it from {@link HttpService#port()})
 * @param maxRequestBodyBytes   larger request bodies are answered 413
 * @param maxRequestHeaderBytes larger request headers are answered 431
 * @param maxThreads            the most request threads
 */
public record HttpServiceConfig(String name, String host, int port, int maxRequestBodyBytes,
                                int maxRequestHeaderBytes, int maxThreads) {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_THREADS = 64;

    public HttpServiceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0");
        }
        if (maxRequestHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxRequestHeaderBytes must be >= 1024");
        }
        if (maxThreads < 8) {
            throw new IllegalArgumentException("maxThreads must be >= 8");
        }
    }

    /** Loopback, the given port, 64 KiB bodies, 8 KiB headers, 64 threads. */
    public static HttpServiceConfig defaults(String name, int port) {
        return new HttpServiceConfig(name, "127.0.0.1", port, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_THREADS);
    }

    public HttpServiceConfig withHost(String newHost) {
        return new HttpServiceConfig(name, newHost, port, maxRequestBodyBytes, maxRequestHeaderBytes, maxThreads);
    }

    public HttpServiceConfig withMaxRequestBodyBytes(int bytes) {
        return new HttpServiceConfig(name, host, port, bytes, maxRequestHeaderBytes, maxThreads);
    }
}
