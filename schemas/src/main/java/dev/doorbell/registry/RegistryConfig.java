package dev.doorbell.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the Confluent-compatible schema registry is and how long to wait for it.
 *
 * @param baseUrl        the API root, e.g. {@code http://host:8080/apis/ccompat/v7} for Apicurio or
 *                       {@code http://host:8081} for Confluent Schema Registry
 * @param connectTimeout bound on establishing a connection
 * @param requestTimeout bound on every request, from send to the complete response
 */
public record RegistryConfig(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public RegistryConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("registry URL must be http(s): " + baseUrl);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("registry timeouts must be positive");
        }
        String s = baseUrl.toString();
        if (s.endsWith("/")) {
            baseUrl = URI.create(s.substring(0, s.length() - 1));
        }
    }

    /** Default timeouts. */
    public static RegistryConfig of(String baseUrl) {
        return new RegistryConfig(URI.create(baseUrl), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }
}
