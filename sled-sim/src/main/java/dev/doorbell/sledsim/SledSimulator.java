package dev.doorbell.sledsim;

import dev.doorbell.http.Health;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.Json;
import dev.doorbell.sledsim.notify.Backoff;
import dev.doorbell.sledsim.notify.DoorbellHttpNotifier;
import dev.doorbell.sledsim.notify.DoorbellNotifier;
import dev.doorbell.sledsim.notify.UpcallBodyNotifier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated sled-agent process: a {@link Sled}, its notifier, its HTTP API (with
 * {@code /health} and {@code /metrics}) and optionally a {@link LoadDriver}, wired from a
 * {@link SledSimConfig}. {@link #close()} stops everything it started.
 */
public final class SledSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SledSimulator.class);

    private final SledSimConfig config;
    private final Sled sled;
    private final HttpService http;
    private final LoadDriver load;
    private final List<AutoCloseable> closeables;

    private SledSimulator(SledSimConfig config, Sled sled, HttpService http, LoadDriver load, List<AutoCloseable> closeables) {
        this.config = config;
        this.sled = sled;
        this.http = http;
        this.load = load;
        this.closeables = closeables;
    }

    /**
     * Starts a sled as configured, on the system clock.
     *
     * @param doorbell the doorbell for {@code doorbell-kafka} mode (null for other modes)
     */
    public static SledSimulator start(SledSimConfig config, Doorbell doorbell) {
        return start(config, doorbell, Clock.systemUTC(), MigrationPeers.none());
    }

    /**
     * Starts a sled as configured.
     *
     * @param doorbell the doorbell for {@code doorbell-kafka} mode (null for other modes)
     * @param clock    the sled's clock (tests inject one)
     * @param peers    migration coordination with other sleds (e.g. {@link InJvmMigrationPeers})
     */
    public static SledSimulator start(SledSimConfig config, Doorbell doorbell, Clock clock, MigrationPeers peers) {
        Objects.requireNonNull(config, "config");
        if (config.notifyMode() == NotifyMode.DOORBELL_KAFKA && doorbell == null) {
            throw new IllegalArgumentException("notify mode doorbell-kafka needs a Doorbell");
        }
        List<AutoCloseable> closeables = new ArrayList<>();
        PrometheusMeterRegistry registry = HttpService.newRegistry();
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sled-notify-retries");
            t.setDaemon(true);
            return t;
        });
        closeables.add(retries::shutdownNow);
        StateChangeListener notifier = switch (config.notifyMode()) {
            case NONE -> StateChangeListener.none();
            case UPCALL_BODY -> {
                UpcallBodyNotifier upcall = new UpcallBodyNotifier(config.gatewayUrl(), Backoff.defaults(), retries);
                closeables.add(upcall::close);
                yield upcall;
            }
            case DOORBELL_HTTP -> {
                DoorbellHttpNotifier ring = new DoorbellHttpNotifier(config.gatewayUrl(), Backoff.defaults(), retries);
                closeables.add(ring::close);
                yield ring;
            }
            case DOORBELL_KAFKA -> new DoorbellNotifier(doorbell);
        };
        HttpMigrationPeers remotePeers = new HttpMigrationPeers(peers, Backoff.defaults(), retries);
        closeables.add(remotePeers::close);
        AtomicReference<Sled> sledRef = new AtomicReference<>();
        StateChangeListener counted = new SledMetrics(registry, notifier, () -> sledRef.get() == null ? 0 : sledRef.get().size());
        Sled sled = Sled.builder(config.sledId())
                .clock(clock)
                .stepping(config.stepping(), config.stepDelay())
                .retention(config.retention())
                .listener(counted)
                .peers(remotePeers)
                .build();
        sledRef.set(sled);
        if (peers instanceof InJvmMigrationPeers inJvm) {
            inJvm.register(sled);
        }
        closeables.add(0, sled);
        ApiVersionNegotiator versions = new ApiVersionNegotiator(config.apiVersions());
        HttpServiceConfig httpConfig = HttpServiceConfig.defaults("sled-" + config.sledId(), config.port()).withHost(config.host());
        HttpService http = new SledApi(sled, versions).register(HttpService.builder(httpConfig))
                .objectMapper(Json.mapper())
                .registry(registry)
                .health(() -> Health.up(Map.of(
                        "sled_id", config.sledId().toString(),
                        "vmms", sled.size(),
                        "api_versions", new TreeSet<>(config.apiVersions()).stream().map(ApiVersion::toString).toList(),
                        "notify", config.notifyMode().flagName(),
                        "stepping", config.stepping().name().toLowerCase(java.util.Locale.ROOT))))
                .build()
                .start();
        closeables.add(0, http);
        LoadDriver load = null;
        if (config.vmms() > 0) {
            load = new LoadDriver(sled, config.vmms(), config.churnPerSecond(), config.sledId().getLeastSignificantBits()).start();
            closeables.add(0, load);
        }
        LOG.info("sled {} serving {} VMMs at {} (api {}, notify {}, stepping {})", config.sledId(), sled.size(),
                http.baseUrl(), config.apiVersions(), config.notifyMode().flagName(), config.stepping());
        return new SledSimulator(config, sled, http, load, closeables);
    }

    public SledSimConfig config() {
        return config;
    }

    public Sled sled() {
        return sled;
    }

    public int port() {
        return http.port();
    }

    /** @return {@code http://host:port} */
    public String baseUrl() {
        return http.baseUrl();
    }

    /** @return the load driver, if the config asked for VMMs */
    public java.util.Optional<LoadDriver> load() {
        return java.util.Optional.ofNullable(load);
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error closing {}", c, e);
            }
        }
    }
}
