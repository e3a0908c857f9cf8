package dev.doorbell.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Counts and times requests per route: timer {@code http.server.requests} tagged with
 * {@code method}, {@code route} (the template, or {@code unmatched}: raw paths never become tags)
 * and {@code status}.
 */
final class RequestMetrics {
    static final String UNMATCHED = "unmatched";
    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
