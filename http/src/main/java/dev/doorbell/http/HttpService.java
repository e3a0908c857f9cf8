package dev.doorbell.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON HTTP service on Jetty 12 core (no servlets).
 *
 * <p>Contract: every error is written by the service's {@link ErrorRenderer}: by default an RFC 9457
 * problem ({@code application/problem+json}), or another shape chosen per service (the simulated
 * sled-agent answers as dropshot does), for handler errors and framework-level ones alike; unknown paths
 * answer 404, a known path with the wrong method 405 with {@code Allow}; bodies over the configured
 * limit 413; headers over the limit 431, a request URI over it 414; bad input never yields a 5xx or a stack trace; an
 * unexpected exception yields a 500 without details (and is logged). {@code GET /health}
 * and {@code GET /metrics} (Prometheus text) are built in, and every request is counted and timed
 * per route.
 *
 * <p>Lifecycle: build, {@link #start()}, then {@link #port()}; {@link #close()} stops it.
 */
public final class HttpService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServiceConfig config;
    private final PrometheusMeterRegistry registry;
    private final Server server;
    private final ServerConnector connector;

    private HttpService(Builder b) {
        this.config = b.config;
        this.registry = b.registry;
        List<Route> routes = new ArrayList<>(b.routes);
        routes.add(new Route("GET", PathTemplate.parse("/health"), request -> health(b.health.get())));
        routes.add(new Route("GET", PathTemplate.parse("/metrics"), request -> {
            // OpenMetrics when asked for (it carries exemplars: VmmExemplars), the Prometheus text format otherwise
            String accept = request.header("Accept");
            String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
            return HttpResponse.bytes(200, registry.scrape(type).getBytes(StandardCharsets.UTF_8), type);
        }));

        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        threads.setName(config.name() + "-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(config.maxRequestHeaderBytes());
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setErrorHandler(new FrameworkErrorHandler(b.mapper, b.errors));
        server.setHandler(new DispatchHandler(new Router(routes), config.maxRequestBodyBytes(), config.maxRequestHeaderBytes(),
                b.mapper, b.errors, new RequestMetrics(registry)));
    }

    public static Builder builder(HttpServiceConfig config) {
        return new Builder(config);
    }

    private HttpResponse health(Health health) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.up() ? "UP" : "DOWN");
        body.put("service", config.name());
        body.putAll(health.details());
        return HttpResponse.json(health.up() ? 200 : 503, body);
    }

    /** Starts listening. */
    public HttpService start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + config.name() + " on " + config.host() + ":" + config.port(), e);
        }
        LOG.info("{} listening on http://{}:{}", config.name(), config.host(), port());
        return this;
    }

    /** @return the bound port (the chosen one when configured with 0); only after {@link #start()} */
    public int port() {
        int port = connector.getLocalPort();
        if (port <= 0) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    /** @return {@code http://host:port} for a started service (loopback if bound to all addresses) */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    /** @return the registry behind {@code /metrics}: services add their own meters to it */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops listening and waits briefly for requests in flight. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("error stopping {}", config.name(), e);
        }
    }

    /** Collects routes and collaborators; {@link #build()} creates the (not yet started) service. */
    public static final class Builder {
        private final HttpServiceConfig config;
        private final List<Route> routes = new ArrayList<>();
        private ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
        private PrometheusMeterRegistry registry;
        private Supplier<Health> health = () -> Health.up(Map.of());
        private ErrorRenderer errors = ErrorRenderer.problemJson();

        private Builder(HttpServiceConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Adds a route; earlier routes win when templates overlap. */
        public Builder route(String method, String pathTemplate, RequestHandler handler) {
            routes.add(new Route(method, PathTemplate.parse(pathTemplate), handler));
            return this;
        }

        /** The mapper for request and response bodies (default: Jackson with discovered modules). */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.mapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /** The registry to serve and record into (default: a new one with JVM metrics). */
        public Builder registry(PrometheusMeterRegistry meterRegistry) {
            this.registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /** How every error of this service is written (default: {@link ErrorRenderer#problemJson()}). */
        public Builder errorRenderer(ErrorRenderer renderer) {
            this.errors = Objects.requireNonNull(renderer, "renderer");
            return this;
        }

        /** What {@code /health} reports (default: always up). */
        public Builder health(Supplier<Health> check) {
            this.health = Objects.requireNonNull(check, "check");
            return this;
        }

        public HttpService build() {
            if (registry == null) {
                registry = newRegistry();
            }
            return new HttpService(this);
        }
    }

    /** @return a Prometheus registry with JVM memory, thread and processor metrics bound */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM,
                VmmExemplars.CONTEXT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }
}
