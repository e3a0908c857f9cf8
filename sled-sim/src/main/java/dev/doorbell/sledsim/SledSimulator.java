package dev.doorbell.sledsim;

import dev.doorbell.http.Health;
import dev.doorbell.http.HttpService;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Backoff;
import dev.doorbell.model.Doorbell;
import dev.doorbell.model.Json;
import dev.doorbell.sledsim.notify.DoorbellHttpNotifier;
import dev.doorbell.sledsim.notify.DoorbellNotifier;
import dev.doorbell.sledsim.notify.UpcallBodyNotifier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated sled-agent process: a {@link Sled}, its notifier, its HTTP API (with
 * {@code /health} and {@code /metrics}) and optionally a {@link LoadDriver}, wired from a
 * {@link SledSimConfig}. {@link #update} replaces the sled-agent's software (API versions, notify
 * mode) in place while the VMMs keep running; {@link #close()} stops everything it started.
 */
public final class SledSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SledSimulator.class);
    /** Retries of notifications and migration-peer calls: 250 ms doubling to 30 s. */
    private static final Backoff NOTIFY_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    /** The sled-agent software an update replaces: its configuration, its HTTP API and its notifier. */
    private record Agent(SledSimConfig config, HttpService http, Notifier notifier) {
    }

    /** A notifier and what closing it takes. */
    private record Notifier(StateChangeListener listener, AutoCloseable resource) {
    }

    private final Sled sled;
    private volatile LoadDriver load;
    private final PrometheusMeterRegistry registry;
    private final ScheduledExecutorService retries;
    private final SwitchableListener notifications;
    /** What outlives an update, in closing order after the load driver. */
    private final List<AutoCloseable> machine;
    private volatile Agent agent;

    private SledSimulator(Sled sled, LoadDriver load, PrometheusMeterRegistry registry, ScheduledExecutorService retries,
                          SwitchableListener notifications, List<AutoCloseable> machine, Agent agent) {
        this.sled = sled;
        this.load = load;
        this.registry = registry;
        this.retries = retries;
        this.notifications = notifications;
        this.machine = machine;
        this.agent = agent;
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
        requireDoorbell(config, doorbell);
        List<AutoCloseable> machine = new ArrayList<>();
        PrometheusMeterRegistry registry = HttpService.newRegistry();
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sled-notify-retries");
            t.setDaemon(true);
            return t;
        });
        Notifier notifier = notifier(config, doorbell, retries);
        SwitchableListener notifications = new SwitchableListener(notifier.listener());
        HttpMigrationPeers remotePeers = new HttpMigrationPeers(peers, NOTIFY_BACKOFF, retries);
        AtomicReference<Sled> sledRef = new AtomicReference<>();
        StateChangeListener counted = new SledMetrics(registry, notifications, () -> sledRef.get() == null ? 0 : sledRef.get().size());
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
        machine.add(sled);
        machine.add(remotePeers);
        machine.add(retries::shutdownNow);
        HttpService http = serve(config, sled, registry);
        LoadDriver load = null;
        if (config.vmms() > 0) {
            // a sled on its own: it makes its VMMs itself (a control plane knows nothing of them)
            load = LoadDriver.selfPlaced(sled, config.vmms(), config.churnPerSecond(), config.sledId().getLeastSignificantBits()).start();
        }
        LOG.info("sled {} serving {} VMMs at {} (api {}, notify {}, stepping {})", config.sledId(), sled.size(),
                http.baseUrl(), config.apiVersions(), config.notifyMode().flagName(), config.stepping());
        return new SledSimulator(sled, load, registry, retries, notifications, machine, new Agent(config, http, notifier));
    }

    /**
     * Updates the sled-agent in place, as an online update does: its HTTP API and its notifier stop
     * and start again as the new release, speaking {@code apiVersions} and notifying by
     * {@code notifyMode}, on the same address and around the same {@link Sled}, whose VMMs keep their
     * states and generations and go on changing (steps, load) throughout. Requests that arrive while
     * the API restarts are refused. The new agent then reports every VMM it holds once through its
     * notifier, so a notification the old one had not yet delivered (it is abandoned) is not lost.
     *
     * @param gatewayUrl the gateway for {@code upcall-body} and {@code doorbell-http} (may be null otherwise)
     * @param doorbell   the doorbell for {@code doorbell-kafka} (may be null otherwise)
     * @throws IllegalArgumentException if the release is invalid; the sled then runs on unchanged
     * @throws IllegalStateException    if the API cannot listen on its address again
     */
    public synchronized void update(Set<ApiVersion> apiVersions, NotifyMode notifyMode, URI gatewayUrl, Doorbell doorbell) {
        Agent old = agent;
        SledSimConfig next = old.config().withApiVersions(apiVersions).withNotify(notifyMode, gatewayUrl)
                .withPort(old.http().port());
        requireDoorbell(next, doorbell);
        Notifier notifier = notifier(next, doorbell, retries);
        old.http().close();
        notifications.switchTo(notifier.listener());
        closeQuietly(old.notifier().resource());
        HttpService http;
        try {
            http = serve(next, sled, registry);
        } catch (RuntimeException e) {
            agent = new Agent(next, old.http(), notifier);
            throw e;
        }
        agent = new Agent(next, http, notifier);
        // Read after the switch: each state is at least as new as any the old notifier was handed.
        sled.states().forEach(notifier.listener()::stateChanged);
        LOG.info("sled {} updated in place: {} VMMs at {} (api {}, notify {})", next.sledId(), sled.size(), http.baseUrl(),
                next.apiVersions(), next.notifyMode().flagName());
    }

    private static void requireDoorbell(SledSimConfig config, Doorbell doorbell) {
        if (config.notifyMode() == NotifyMode.DOORBELL_KAFKA && doorbell == null) {
            throw new IllegalArgumentException("notify mode doorbell-kafka needs a Doorbell");
        }
    }

    private static Notifier notifier(SledSimConfig config, Doorbell doorbell, ScheduledExecutorService retries) {
        return switch (config.notifyMode()) {
            case NONE -> new Notifier(StateChangeListener.none(), () -> {
            });
            case UPCALL_BODY -> {
                UpcallBodyNotifier upcall = new UpcallBodyNotifier(config.gatewayUrl(), NOTIFY_BACKOFF, retries);
                yield new Notifier(upcall, upcall);
            }
            case DOORBELL_HTTP -> {
                DoorbellHttpNotifier ring = new DoorbellHttpNotifier(config.gatewayUrl(), NOTIFY_BACKOFF, retries);
                yield new Notifier(ring, ring);
            }
            case DOORBELL_KAFKA -> new Notifier(new DoorbellNotifier(doorbell), () -> {
            });
        };
    }

    private static HttpService serve(SledSimConfig config, Sled sled, PrometheusMeterRegistry registry) {
        ApiVersionNegotiator versions = new ApiVersionNegotiator(config.apiVersions());
        HttpServiceConfig httpConfig = HttpServiceConfig.defaults("sled-" + config.sledId(), config.port()).withHost(config.host());
        return new SledApi(sled, versions).register(HttpService.builder(httpConfig))
                .objectMapper(Json.mapper())
                .registry(registry)
                .health(() -> Health.up(Map.of(
                        "sled_id", config.sledId().toString(),
                        "vmms", sled.size(),
                        "api_versions", new TreeSet<>(config.apiVersions()).stream().map(ApiVersion::toString).toList(),
                        "notify", config.notifyMode().flagName(),
                        "stepping", config.stepping().name().toLowerCase(Locale.ROOT))))
                .build()
                .start();
    }

    /** @return the configuration of the running release (after {@link #update}, the updated one) */
    public SledSimConfig config() {
        return agent.config();
    }

    public Sled sled() {
        return sled;
    }

    public int port() {
        return agent.http().port();
    }

    /** @return {@code http://host:port} */
    public String baseUrl() {
        return agent.http().baseUrl();
    }

    /**
     * Starts driving {@code vmms} (VMMs already on this sled, e.g. placed by a control plane) at
     * {@code churnPerSecond}, replacing ended ones through {@code replacement}; the driver stops
     * with the sled.
     *
     * @throws IllegalStateException if a load driver runs already (e.g. the config asked for VMMs)
     */
    public synchronized LoadDriver drive(Collection<UUID> vmms, double churnPerSecond, VmmReplacement replacement) {
        if (load != null) {
            throw new IllegalStateException("sled " + sled.id() + " is driven already");
        }
        load = new LoadDriver(sled, vmms, churnPerSecond, sled.id().getLeastSignificantBits(), replacement).start();
        return load;
    }

    /** @return the load driver, if the config asked for VMMs or {@link #drive} started one */
    public Optional<LoadDriver> load() {
        return Optional.ofNullable(load);
    }

    @Override
    public synchronized void close() {
        LoadDriver driver = load;
        if (driver != null) {
            driver.close();
        }
        Agent current = agent;
        closeQuietly(current.http());
        closeQuietly(current.notifier().resource());
        machine.forEach(SledSimulator::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error closing {}", c, e);
        }
    }
}
