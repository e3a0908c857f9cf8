package dev.doorbell.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times requests per route: timer {@code http.server.requests} tagged with
 * {@code method} (a standard method, else {@code other}), {@code route} (the template, or
 * {@code unmatched}) and {@code status}. Nothing a client chooses freely becomes a tag, so hostile
 * requests cannot grow the number of meters.
 */
final class RequestMetrics {
    static final String UNMATCHED = "unmatched";
    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .tag("method", STANDARD_METHODS.contains(method) ? method : "other")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
