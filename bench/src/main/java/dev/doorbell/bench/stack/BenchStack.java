package dev.doorbell.bench.stack;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Servers;
import dev.doorbell.assembly.Steps;
import dev.doorbell.bench.control.FleetSeeder;
import dev.doorbell.fetcher.FetchPolicy;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherTopology;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.gateway.DoorbellGateway;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.Resources;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.reconciler.Reconciler;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.sweep.SweepSettings;
import dev.doorbell.servers.Directories;
import dev.doorbell.topics.PipelineTopics;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Everything a benchmark scenario runs on, wired once: on shared {@link BenchServers}, its own
 * topics (suffixed), registry subject and database; the reconciler, the state fetcher, the gateway
 * (mode {@code body}, assembled by the {@link Pipeline}) and a {@link Fleet} of simulated sleds,
 * every in-JVM component started in its own thread group ({@link ComponentThreads}). Its
 * {@link #meter() StackMeter} does the measuring: CPU, Kafka traffic, changes seen applied,
 * observations tallied, the database against the sleds.
 *
 * <p>{@link #change} makes one change and delivers it as the {@link DeliveryMode}'s sled would: a
 * Kafka doorbell ring, an HTTP PUT of the full 1.0.0-shaped state to the gateway or to the
 * reconciler's legacy endpoint, or nothing (the watcher sweep finds it). {@link #use} switches the
 * reconciler's sweeps for a mode (restarting it): the short watcher period in {@code watcher-only},
 * {@link Options#notifyingSweep()} otherwise.
 */
public final class BenchStack implements AutoCloseable {

    /**
     * @param sledVersions       one entry per sled: the API versions it speaks
     * @param partitions         partitions of the pipeline's topics
     * @param pollInterval       how often the database is polled for applied generations
     * @param watcherSweepPeriod the sweep period in {@code watcher-only} mode
     * @param notifyingSweep     sweeps in the other modes ({@code null}: none, so per-change figures hold only the changes' own work)
     * @param observationTally   whether the bench counts observations per VMM on {@code vmm.states} ({@link StackMeter#tally()}):
     *                           a consumer of its own, so only the scenarios that need the counts run it; otherwise its fetches
     *                           and its thread would be charged to the modes that use Kafka and not to the direct upcall
     * @param waits              the lingers and the gathering interval on the doorbell's path
     * @param streamThreads      the fetcher's Kafka Streams threads ({@code fetcher --stream-threads}; {@link FetcherConfig#DEFAULT_STREAM_THREADS} as shipped)
     */
    public record Options(List<Set<ApiVersion>> sledVersions, int partitions, Duration pollInterval, Duration watcherSweepPeriod,
                          SweepSettings notifyingSweep, boolean observationTally, PathWaits waits, int streamThreads) {
        public Options {
            sledVersions = sledVersions.stream().map(Set::copyOf).toList();
            if (sledVersions.isEmpty() || sledVersions.stream().anyMatch(Set::isEmpty) || partitions < 1) {
                throw new IllegalArgumentException("at least one sled, each speaking a version, and one partition");
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(watcherSweepPeriod, "watcherSweepPeriod");
            Objects.requireNonNull(waits, "waits");
            if (streamThreads < 1) {
                throw new IllegalArgumentException("the fetcher needs at least one stream thread: " + streamThreads);
            }
        }

        /** {@code sleds} sleds speaking every version, 6 partitions, a 5 ms poll, 2 s watcher sweeps, no other sweeps, no tally, the shipped waits, one stream thread. */
        public static Options of(int sleds) {
            return new Options(Collections.nCopies(sleds, Set.copyOf(ApiVersion.KNOWN)), 6, Duration.ofMillis(5),
                    Duration.ofSeconds(2), null, false, PathWaits.SHIPPED, FetcherConfig.DEFAULT_STREAM_THREADS);
        }

        public Options withWaits(PathWaits value) {
            return new Options(sledVersions, partitions, pollInterval, watcherSweepPeriod, notifyingSweep, observationTally, value, streamThreads);
        }

        /** @return these options with the fetcher running {@code value} stream threads */
        public Options withStreamThreads(int value) {
            return new Options(sledVersions, partitions, pollInterval, watcherSweepPeriod, notifyingSweep, observationTally, waits, value);
        }

        public Options withSledVersions(List<Set<ApiVersion>> value) {
            return new Options(value, partitions, pollInterval, watcherSweepPeriod, notifyingSweep, observationTally, waits, streamThreads);
        }

        public Options withPollInterval(Duration value) {
            return new Options(sledVersions, partitions, value, watcherSweepPeriod, notifyingSweep, observationTally, waits, streamThreads);
        }

        public Options withWatcherSweepPeriod(Duration value) {
            return new Options(sledVersions, partitions, pollInterval, value, notifyingSweep, observationTally, waits, streamThreads);
        }

        public Options withNotifyingSweep(SweepSettings value) {
            return new Options(sledVersions, partitions, pollInterval, watcherSweepPeriod, value, observationTally, waits, streamThreads);
        }

        /** @return these options with the bench counting observations per VMM */
        public Options withObservationTally() {
            return new Options(sledVersions, partitions, pollInterval, watcherSweepPeriod, notifyingSweep, true, waits, streamThreads);
        }
    }

    /**
     * One measured stretch of work.
     *
     * @param made          changes made
     * @param startEpochMs  when it started
     * @param samples       latencies of the changes seen applied
     * @param notSeen       changes not seen applied within the drain timeout
     * @param notSeenByTag  the same per tag
     * @param cost          what the stack spent, drain included
     * @param stageLatency the fetcher's ring → emitted and the reconciler's change → commit and ring → commit histograms over the same stretch
     */
    public record Measured(long made, long startEpochMs, LatencySamples samples, long notSeen, Map<Integer, Long> notSeenByTag,
                           PhaseCost cost, StageLatency stageLatency) {}

    private final Options options;
    private final BenchServers servers;
    private final Progress progress;
    private final ComponentThreads threads = new ComponentThreads();
    private final Resources owned;
    private final String suffix = "-bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String databaseName = "bench_" + suffix.substring(7);
    private final PipelineTopics topics = PipelineTopics.suffixed(suffix);
    private final String applicationId = "bench-fetcher" + suffix;
    private final KafkaClientRoles clientRoles = KafkaClientRoles.bench(applicationId, suffix);

    private Path work;
    private CpuMeter cpu;
    private Admin admin;
    private Fleet fleet;
    private Pipeline pipeline;
    private StackMeter meter;
    private UpcallClient upcalls;
    private SweepSettings sweep;
    private boolean databaseCreated;

    private BenchStack(BenchServers servers, Options options, Progress progress) {
        this.servers = servers;
        this.options = options;
        this.progress = progress;
        this.owned = new Resources((resource, e) -> progress.line("warning: closing " + resource + ": " + e));
    }

    /** Starts the stack's own parts on {@code servers}; on failure stops what had started and rethrows. */
    public static BenchStack start(BenchServers servers, Options options, Progress progress) throws Exception {
        BenchStack stack = new BenchStack(servers, options, progress);
        try {
            stack.threads.call(Component.BENCH, () -> {
                stack.startParts();
                return null;
            });
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startParts() throws Exception {
        String bootstrap = servers.bootstrapServers();
        work = Files.createTempDirectory("doorbell-bench");
        progress.line("stack: topics (" + suffix + "), schema subject, database, reconciler, fetcher, gateway, sleds ...");
        admin = own(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)));
        String jdbcUrl = DatabaseView.createDatabase(servers.jdbcUrl(), servers.user(), servers.password(), databaseName);
        databaseCreated = true;
        cpu = own(new CpuMeter(threads, servers.localProcesses()));

        PipelineSpec spec = PipelineSpec.on(new Servers(bootstrap, servers.registryUrl(),
                        Database.Config.of(jdbcUrl, servers.user(), servers.password())))
                .withTopics(topics, options.partitions(), (short) 1)
                .withReconciler(c -> c.withHttpPort(0).withGroupId("bench-reconciler" + suffix).withSweep(options.notifyingSweep()))
                .withFetchers(new PipelineSpec.Fetchers(1, n -> work.resolve(n == 1 ? "fetcher" : "fetcher-" + n), c -> c.withApplicationId(applicationId)
                        .withStreamThreads(options.streamThreads())
                        .withSettings(c.settings().withGather(options.waits().gather()).withCatchUp(options.waits().catchUp()))
                        .withClientOverrides(options.waits().fetcherClientOverrides(c.clientOverrides())), options.waits().applyAhead()))
                .withGateway(new PipelineSpec.Gateway(0, DoorbellSource.SLED,
                        Map.of(ProducerConfig.CLIENT_ID_CONFIG, KafkaClientRoles.GATEWAY_RING), "doorbell-gateway", () -> UpcallMode.BODY));
        // each component starts on its own thread, so that its threads' CPU is told apart
        pipeline = own(Pipeline.start(spec, new Steps() {
            @Override
            public <T> T run(String name, String component, Callable<T> start, Function<T, String> detail) throws Exception {
                return switch (component) {
                    case Steps.RECONCILER -> threads.call(Component.RECONCILER, start);
                    case Steps.FETCHER -> threads.call(Component.FETCHER, start);
                    case Steps.GATEWAY -> threads.call(Component.GATEWAY, start);
                    default -> start.call();
                };
            }
        }));
        sweep = options.notifyingSweep();
        fleet = own(Fleet.start(threads, options.sledVersions(), bootstrap, topics.doorbells(), options.waits().ringLinger()));
        fleet.register(pipeline.control());
        ApplyPoller poller = own(new ApplyPoller(jdbcUrl, servers.user(), servers.password(), options.pollInterval()));
        cpu.attributeToBench(poller.backendPid());
        Optional<ObservationTally> tally = options.observationTally()
                ? Optional.of(own(new ObservationTally(bootstrap, topics.states()))) : Optional.empty();
        meter = new StackMeter(new StackMeter.Parts(pipeline, fleet, cpu, poller, tally,
                new DatabaseView(jdbcUrl, servers.user(), servers.password()), clientRoles, threads, progress), owned);
        upcalls = own(new UpcallClient(threads));
        awaitFetcherRunning(Duration.ofSeconds(90));
        progress.line("stack ready: fetcher " + fetcher().state() + ", reconciler " + reconciler().baseUrl() + ", gateway "
                + gateway().baseUrl());
    }

    /** Restarts the reconciler (on its own thread) with {@code sweepSettings}, keeping count of the old one's sweeps. */
    private void restartReconciler(SweepSettings sweepSettings) throws Exception {
        meter.reconcilerRetiring();
        threads.call(Component.RECONCILER, () -> {
            pipeline.restartReconciler(c -> c.withSweep(sweepSettings));
            return null;
        });
        sweep = sweepSettings;
    }

    private Reconciler reconciler() {
        return pipeline.reconciler();
    }

    private StateFetcher fetcher() {
        return pipeline.fetcher();
    }

    private DoorbellGateway gateway() {
        return pipeline.gateway().orElseThrow();
    }

    private void awaitFetcherRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fetcher().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the state fetcher is " + fetcher().state() + " after " + timeout);
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    public Fleet fleet() {
        return fleet;
    }

    public ComponentThreads threads() {
        return threads;
    }

    /** What the stack spent, when changes landed, what reached the topics and the database. */
    public StackMeter meter() {
        return meter;
    }

    /** @return the fetcher's minimum interval between two fetches of one VMM (the collapse bound's {@code interval}) */
    public Duration minRefetchInterval() {
        return FetchPolicy.defaults().minRefetchInterval();
    }

    /** @return the spacing a burst's re-fetches grow to: a re-fetch may be due this long after the previous fetch */
    public Duration maxRefetchInterval() {
        return FetchPolicy.defaults().maxRefetchInterval();
    }

    /**
     * Grows the fleet to {@code total} VMMs, each placed by the control plane (instance created and
     * started on its sled over the control API, {@link FleetSeeder#DEFAULT_CONCURRENCY} at a time), and
     * brings every new one into the database (one change each, delivered by direct upcall), waiting
     * until all are applied; the first time, also sends a few changes through Kafka so that every
     * part of the pipeline is live before measuring.
     */
    public void grow(int total) throws Exception {
        int before = fleet.size();
        if (total <= before) {
            return;
        }
        progress.line(String.format(Locale.ROOT, "fleet: %,d -> %,d VMMs on %d sleds, each into the database ...",
                before, total, fleet.sledCount()));
        onSledThread(() -> {
            fleet.grow(total, pipeline.control(), FleetSeeder.DEFAULT_CONCURRENCY, (done, all) -> {
                if (done % 500 == 0 || done == all) {
                    progress.inline(String.format(Locale.ROOT, "fleet: placed through the control API %s %,d/%,d",
                            Progress.bar(done, all), done, all));
                }
            });
            progress.line(String.format(Locale.ROOT, "fleet: %,d VMMs placed through the control API in %.1f s (%,.0f/s)",
                    total - before, fleet.lastPlacement().toNanos() / 1e9, (total - before) / (fleet.lastPlacement().toNanos() / 1e9)));
            DeliveryMode mode = DeliveryMode.DIRECT_UPCALL;
            for (int i = before; i < total; i++) {
                change(i, mode, 0);
            }
            return null;
        });
        boolean applied = meter.awaitApplied(Duration.ofSeconds(60 + (total - before) / 500));
        if (applied && before == 0) {
            applied = warmPipeline();
        }
        meter.forgetPending();
        if (!applied) {
            throw new IllegalStateException("new VMMs did not all reach the database in time");
        }
    }

    /**
     * Sends a few changes through Kafka both ways (rings and gateway PUTs) and waits until they are
     * applied: the fetcher, the gateway and the reconciler's consumer are then live before anything
     * is measured. @return whether they were applied in time
     */
    private boolean warmPipeline() throws Exception {
        int count = Math.min(fleet.size(), 50);
        onSledThread(() -> {
            for (int i = 0; i < count; i++) {
                change(i, DeliveryMode.DOORBELL, 0);
                change(i, DeliveryMode.UPCALL_BODY, 0);
            }
            return null;
        });
        flushNotifications(Duration.ofSeconds(30));
        return meter.awaitApplied(Duration.ofSeconds(90));
    }

    /** Switches the reconciler's sweeps to what {@code mode} needs (restarting the reconciler if they change). */
    public void use(DeliveryMode mode) throws Exception {
        SweepSettings wanted = mode == DeliveryMode.WATCHER_ONLY
                ? SweepSettings.defaults().withPeriod(options.watcherSweepPeriod()) : options.notifyingSweep();
        if (!Objects.equals(wanted, sweep)) {
            progress.line("reconciler: restarting with " + (wanted == null ? "no sweeps" : "sweeps every " + wanted.period().toMillis()
                    + " ms") + " for " + mode.wireName());
            threads.call(Component.BENCH, () -> {
                restartReconciler(wanted);
                return null;
            });
        }
    }

    /** @return the reconciler's current sweep settings ({@code null}: no sweeps) */
    public SweepSettings sweep() {
        return sweep;
    }

    /**
     * Makes one change of VMM number {@code index}, registers it with the poller under {@code tag}
     * and delivers it as {@code mode} does. Call it from {@link #onSledThread}.
     */
    public Fleet.Change change(int index, DeliveryMode mode, int tag) {
        Fleet.Change change = fleet.change(index);
        meter.expect(change, tag);
        switch (mode) {
            case DOORBELL -> fleet.ring(change);
            case UPCALL_BODY -> upcalls.put(URI.create(gateway().baseUrl() + "/v1/vmms/" + change.vmm()), fleet.sledId(change.sled()),
                    change);
            case DIRECT_UPCALL -> upcalls.put(URI.create(reconciler().baseUrl() + "/v1/legacy/vmms/" + change.vmm()),
                    fleet.sledId(change.sled()), change);
            case WATCHER_ONLY -> { }
        }
        return change;
    }

    /** Runs {@code work} on a thread of the sleds' group (where the changes and their notifications belong). */
    public <T> T onSledThread(Callable<T> work) throws Exception {
        return threads.call(Component.SLEDS, work);
    }

    /** Waits until the sled publishers have sent every ring and every PUT has been answered. */
    public void flushNotifications(Duration timeout) {
        fleet.flushRings(timeout);
        upcalls.awaitAnswered(timeout);
    }

    /**
     * Measures one stretch of work: snapshots, runs {@code drive} on a sled thread (it returns the
     * changes it made), flushes the notifications, waits up to {@code drainTimeout} for every change
     * to be applied and then for the fetcher to fall quiet, snapshots again. Changes not applied by
     * then are counted and forgotten.
     */
    public Measured measure(Callable<Long> drive, Duration drainTimeout) throws Exception {
        long startEpochMs = System.currentTimeMillis();
        StackSnapshot start = meter.begin();
        long made = onSledThread(drive);
        flushNotifications(Duration.ofSeconds(30));
        return meter.end(start, startEpochMs, made, drainTimeout, maxRefetchInterval());
    }

    /** @return the fetcher's store sizes now */
    public StoreSizes storeSizes() throws Exception {
        return StoreSizes.read(admin, work.resolve("fetcher"), applicationId + "-" + FetcherTopology.PENDING_STORE + "-changelog",
                topics.placements());
    }

    /** @return PUTs that failed or were refused so far */
    public long putFailures() {
        return upcalls.failures();
    }

    /** The stack's settings, as written to a report. */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sleds", options.sledVersions().size());
        s.put("sled_api_versions", options.sledVersions().stream()
                .map(v -> v.stream().sorted().map(ApiVersion::toString).toList()).toList());
        s.put("partitions", options.partitions());
        s.put("poll_interval_ms", options.pollInterval().toMillis());
        s.put("watcher_only_sweep_period_ms", options.watcherSweepPeriod().toMillis());
        s.put("other_modes_sweep_period_ms", options.notifyingSweep() == null ? "off" : options.notifyingSweep().period().toMillis());
        s.put("fetcher_min_refetch_interval_ms", minRefetchInterval().toMillis());
        s.put("fetcher_max_refetch_interval_ms", maxRefetchInterval().toMillis());
        FetcherConfig running = fetcher().config(); // what the fetcher runs with, not only what was asked
        s.putAll(new PathWaits(options.waits().ringLinger(), running.settings().gather(), Duration.ofMillis(Long.parseLong(
                running.streamsProperties().getProperty(PathWaits.OBSERVATION_LINGER_KEY))), running.settings().catchUp(),
                pipeline.spec().fetcher().orElseThrow().applyAhead()).settings());
        s.put("fetcher_stream_threads", running.streamThreads());
        s.put("cpu_measured", cpu.read().nanos().keySet().stream().sorted(Comparator.naturalOrder()).map(Component::wireName).toList());
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("jdk", Runtime.version().toString());
        s.put("failed_puts", upcalls.failures());
        s.put("fleet_placement_ms_last_growth", fleet.lastPlacement().toMillis());
        s.put("load_average_1m_at_report", Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
        return s;
    }

    private <T> T own(T resource) {
        return owned.own(resource);
    }

    @Override
    public void close() {
        owned.close();
        if (databaseCreated) {
            try {
                DatabaseView.dropDatabase(servers.jdbcUrl(), servers.user(), servers.password(), databaseName);
            } catch (SQLException e) {
                progress.line("warning: cannot drop database " + databaseName + ": " + e.getMessage());
            }
        }
        if (work != null) {
            try {
                Directories.deleteRecursively(work);
            } catch (UncheckedIOException e) {
                progress.line("warning: cannot delete " + work + ": " + e.getMessage());
            }
        }
    }
}
