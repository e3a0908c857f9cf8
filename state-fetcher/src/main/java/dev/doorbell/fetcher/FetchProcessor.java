package dev.doorbell.fetcher;

import dev.doorbell.fetcher.FetchEntry.Phase;
import dev.doorbell.fetcher.FetchSchedule.AfterFailure;
import dev.doorbell.fetcher.FetchSchedule.DeadLetter;
import dev.doorbell.fetcher.FetchSchedule.GiveUp;
import dev.doorbell.fetcher.FetchSchedule.Retry;
import dev.doorbell.fetcher.FetchSchedule.WaitForDirectory;
import dev.doorbell.fetcher.SledDirectory.Found;
import dev.doorbell.fetcher.SledDirectory.Lookup;
import dev.doorbell.fetcher.SledDirectory.NoPlacement;
import dev.doorbell.fetcher.SledDirectory.NoSled;
import dev.doorbell.fetcher.sled.SledClient;
import dev.doorbell.fetcher.sled.SledTarget;
import dev.doorbell.fetcher.sled.VmmFetchResult;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collapses doorbells per VMM and pulls state from the VMM's sled; one instance per stream task.
 *
 * <p>Contract: every ring is recorded in the changelogged {@value FetcherTopology#PENDING_STORE}
 * store before anything else happens, and its pending mark is cleared only in the same store
 * update that accompanies the forwarded observation, so a crash or rebalance loses no ring. Fetches
 * run asynchronously; their completions are queued by HTTP client threads and handled only on the
 * stream thread (in {@link #process} and in a wall-clock punctuator), which is the only thread that
 * touches the store or forwards. Nothing thrown here may escape a punctuator (it would kill the
 * stream thread), so punctuation catches and logs. An observation that cannot be serialized because
 * the schema registry is unavailable is not forwarded: its VMM is fetched again a second later,
 * rings kept, for as long as the registry stays away.
 *
 * <p>With an {@link AnswerApplier}, a request's answers are applied to the database on the applier's thread before
 * their completion is queued, and published marked applied; the VMMs stay in flight until then, so the guarantees above
 * hold unchanged.
 */
final class FetchProcessor implements Processor<byte[], byte[], Object, Object>, FetchWakeups.Source {

    private static final Logger LOG = LoggerFactory.getLogger(FetchProcessor.class);
    /** A VMM blocked by the concurrency bound is looked at again this much later. */
    private static final long BLOCKED_RECHECK_MS = 2;
    private static final long DIRECTORY_RECHECK_MS = 500;
    /** A VMM whose observation could not be forwarded for want of the schema registry is fetched again this much later. */
    private static final long REGISTRY_RETRY_MS = 1_000;

    private final FetcherSettings settings;
    private final FetchSchedule schedule;
    private final SledClient client;
    private final FetchLimiter limiter;
    private final SledVersions versions;
    private final FetcherMetrics metrics;
    private final RandomGenerator jitter;
    private final FetchWakeups wakeups;
    private final AnswerApplier applier;

    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Due> dueIndex = new PriorityQueue<>();
    private volatile boolean closed;
    // Read by the stream thread's consumer (WakeupAwareConsumer); written on the stream thread, except answerWaiting.
    private volatile long nextDueMs = FetchWakeups.NEVER;
    private volatile int requestsInFlight;
    private volatile boolean answerWaiting;
    /** The wall-clock punctuator, scheduled only while this task has work (see {@link #stopPunctuatingIfIdle}). */
    private Cancellable punctuation;

    private ProcessorContext<Object, Object> context;
    private FetchOutput output;
    private PendingEntries pending;
    private SledDirectory directory;

    /** When a VMM should be looked at next; stale marks are skipped by checking the store. */
    private record Due(long atMs, String vmm) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            return Long.compare(atMs, other.atMs);
        }
    }

    /**
     * One finished request, handed from an HTTP client thread (or the {@link AnswerApplier}'s) to the stream thread:
     * with an applier, the observations built from its answers ({@code built}, published as they were applied) and the
     * VMMs whose observation the database committed ({@code applied}); without one, both empty.
     */
    private record Completion(UUID sledId, ApiVersion asked, List<UUID> vmms, Map<UUID, VmmFetchResult> results, long startedNanos,
                              Map<UUID, VmmStateObservation> built, Set<UUID> applied) {}

    FetchProcessor(FetcherSettings settings, SledClient client, FetchLimiter limiter, SledVersions versions,
                   FetcherMetrics metrics, RandomGenerator jitter, FetchWakeups wakeups) {
        this(settings, client, limiter, versions, metrics, jitter, wakeups, AnswerApplier.NONE);
    }

    FetchProcessor(FetcherSettings settings, SledClient client, FetchLimiter limiter, SledVersions versions,
                   FetcherMetrics metrics, RandomGenerator jitter, FetchWakeups wakeups, AnswerApplier applier) {
        this.settings = settings;
        this.schedule = new FetchSchedule(settings.policy());
        this.client = client;
        this.limiter = limiter;
        this.versions = versions;
        this.metrics = metrics;
        this.jitter = jitter;
        this.wakeups = wakeups;
        this.applier = applier;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.output = new FetchOutput(context, metrics, REGISTRY_RETRY_MS);
        this.pending = new PendingEntries(context.getStateStore(FetcherTopology.PENDING_STORE));
        ReadOnlyKeyValueStore<String, String> placements = context.getStateStore(FetcherTopology.PLACEMENTS_STORE);
        ReadOnlyKeyValueStore<String, String> sleds = context.getStateStore(FetcherTopology.SLEDS_STORE);
        this.directory = new SledDirectory(placements, sleds);
        restore(context.currentSystemTimeMs());
        if (!dueIndex.isEmpty()) {
            punctuateWhileBusy();
        }
        publishNextDue();
        wakeups.register(this);
    }

    /** Now if an answer waits to be forwarded, else when the next VMM is due. */
    @Override
    public long wakeAtMs() {
        return answerWaiting ? 0 : nextDueMs;
    }

    /** Whether requests are in flight: their answers can come at any moment, so the consumer's poll looks for them often. */
    @Override
    public boolean awaitingAnswers() {
        return requestsInFlight > 0;
    }

    private void publishNextDue() {
        Due next = dueIndex.peek();
        nextDueMs = next == null ? FetchWakeups.NEVER : next.atMs();
    }

    /** Fetches that were in flight when the previous owner of this task died are due again at once. */
    private void restore(long nowMs) {
        int restarted = 0;
        List<Map.Entry<String, FetchEntry>> changed = new ArrayList<>();
        for (Map.Entry<String, FetchEntry> kv : pending.snapshot()) {
            FetchEntry restored = schedule.onRestore(kv.getValue(), nowMs);
            if (restored != kv.getValue()) {
                changed.add(Map.entry(kv.getKey(), restored));
                restarted++;
            }
            dueIndex.add(new Due(restored.dueAtMs(), kv.getKey()));
        }
        changed.forEach(e -> pending.put(e.getKey(), e.getValue()));
        if (restarted > 0) {
            LOG.atInfo().addKeyValue("vmms", restarted).log("restored fetches that were in flight; fetching them again");
        }
    }

    @Override
    public void process(Record<byte[], byte[]> ring) {
        long nowMs = context.currentSystemTimeMs();
        drainCompletions(nowMs);
        RingOrigin origin = origin();
        Optional<UUID> vmmId = SledDirectory.parseVmmId(ring.key());
        if (vmmId.isEmpty()) {
            String reason = ring.key() == null ? DeadLetters.NULL_KEY : DeadLetters.INVALID_KEY;
            output.deadLetter(ring.key(), ring.value(), reason, "a doorbell key must be a VMM UUID in canonical lowercase text", origin, nowMs);
            return;
        }
        metrics.ringsConsumed.increment();
        String key = vmmId.get().toString();
        FetchEntry before = pending.get(key);
        long rungAt = headerLong(ring.headers(), "rung-at", ring.timestamp() * 1000);
        long rings = Math.max(1, headerLong(ring.headers(), "rings", 1));
        FetchEntry after = schedule.onRing(before, nowMs, rungAt, rings, origin);
        if (before != null && (before.phase() == Phase.DIRTY || before.phase() == Phase.IN_FLIGHT_DIRTY)) {
            metrics.ringsCollapsed.increment(rings);
        }
        pending.put(key, after);
        if (after.phase() == Phase.DIRTY) {
            dueIndex.add(new Due(after.dueAtMs(), key));
        }
        punctuateWhileBusy();
        publishNextDue();
    }

    /** Schedules the punctuator unless it is scheduled. */
    private void punctuateWhileBusy() {
        if (punctuation == null) {
            punctuation = context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
        }
    }

    /**
     * Cancels the punctuator once this task has nothing to do: no fetch due now or later, none in
     * flight, no answer waiting. Kafka Streams marks a task as needing a commit whenever one of its
     * wall-clock punctuators runs, so an idle fetcher whose punctuator kept running committed (an
     * offset commit request) every commit interval with nothing to commit. The next ring schedules it again.
     */
    private void stopPunctuatingIfIdle() {
        if (punctuation != null && dueIndex.isEmpty() && requestsInFlight == 0 && completions.isEmpty() && !answerWaiting) {
            punctuation.cancel();
            punctuation = null;
        }
    }

    private void punctuate(long timestamp) {
        try {
            long nowMs = context.currentSystemTimeMs();
            drainCompletions(nowMs);
            startDueFetches(nowMs);
        } catch (RuntimeException e) {
            // An exception here would kill the stream thread; the store still holds every ring.
            LOG.error("fetch punctuation failed; will retry at the next one", e);
        } finally {
            publishNextDue();
            stopPunctuatingIfIdle();
        }
    }

    private void startDueFetches(long nowMs) {
        Map<UUID, List<UUID>> bySled = new LinkedHashMap<>();
        Map<UUID, Found> sledOf = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        List<Due> later = new ArrayList<>();
        while (!dueIndex.isEmpty() && dueIndex.peek().atMs() <= nowMs) {
            Due due = dueIndex.poll();
            if (!seen.add(due.vmm())) {
                continue;
            }
            FetchEntry entry = pending.get(due.vmm());
            if (entry == null || entry.isInFlight()) {
                continue;
            }
            if (schedule.isExpired(entry, nowMs)) {
                pending.delete(due.vmm());
                continue;
            }
            if (!schedule.isDue(entry, nowMs)) {
                if (entry.phase() == Phase.DIRTY || entry.phase() == Phase.COOLING) {
                    later.add(new Due(entry.dueAtMs(), due.vmm()));
                }
                continue;
            }
            UUID vmm = UUID.fromString(due.vmm());
            Lookup lookup = directory.lookup(vmm);
            switch (lookup) {
                case Found found when found.sled().expunged() -> sledExpunged(vmm, entry, found, nowMs);
                case Found found -> {
                    bySled.computeIfAbsent(found.sledId(), s -> new ArrayList<>()).add(vmm);
                    sledOf.put(found.sledId(), found);
                }
                case NoPlacement n -> directoryMiss(vmm, entry, DeadLetters.UNKNOWN_VMM, "no placement for this VMM", nowMs, later);
                case NoSled s -> directoryMiss(vmm, entry, DeadLetters.UNKNOWN_SLED,
                        "the VMM's sled " + s.sledId() + " has no registered address", nowMs, later);
            }
        }
        dueIndex.addAll(later);
        bySled.forEach((sledId, vmms) -> startForSled(sledOf.get(sledId), vmms, nowMs));
    }

    private void directoryMiss(UUID vmm, FetchEntry entry, String reason, String detail, long nowMs, List<Due> later) {
        switch (schedule.onDirectoryMiss(entry, nowMs, DIRECTORY_RECHECK_MS)) {
            case WaitForDirectory wait -> {
                pending.put(vmm.toString(), wait.next());
                later.add(new Due(wait.next().dueAtMs(), vmm.toString()));
            }
            case DeadLetter d -> {
                pending.delete(vmm.toString());
                output.deadLetter(vmm.toString().getBytes(StandardCharsets.UTF_8), null, reason,
                        detail + " after waiting " + settings.policy().placementWait().toSeconds() + " s", entry.origin(), nowMs);
            }
        }
    }

    /**
     * The VMM's sled is expunged: it is not called (omicron never contacts an expunged sled), the
     * ring is answered at once with {@code SledUnreachable}, which the reconciler applies as
     * {@code failed} ({@code sled_expunged}) because the sled's row says expunged.
     */
    private void sledExpunged(UUID vmm, FetchEntry entry, Found found, long nowMs) {
        metrics.fetchOutcome("sled_expunged");
        FetchEntry started = schedule.onStart(entry, nowMs);
        ApiVersion version = versions.versionFor(found.sledId(), found.sled(), nowMs);
        FetchEntry next = emit(ObservationMapping.sledUnreachable(header(vmm, started, found.sledId(), version, nowMs), "sled expunged", 0),
                started, nowMs) ? schedule.onAnswered(started, nowMs) : schedule.onUnforwarded(started, nowMs, REGISTRY_RETRY_MS);
        pending.put(vmm.toString(), next);
        dueIndex.add(new Due(next.dueAtMs(), vmm.toString()));
    }

    private void startForSled(Found found, List<UUID> vmms, long nowMs) {
        UUID sledId = found.sledId();
        ApiVersion version = versions.versionFor(sledId, found.sled(), nowMs);
        int chunk = version.compareTo(ApiVersion.V2) >= 0 ? settings.maxBatch() : 1;
        SledTarget target = new SledTarget(sledId, found.sled().address());
        for (int from = 0; from < vmms.size(); from += chunk) {
            List<UUID> ids = vmms.subList(from, Math.min(vmms.size(), from + chunk));
            if (!limiter.tryAcquire(sledId)) {
                // Bounded: the rest of this sled waits for a permit; other sleds are not held up.
                vmms.subList(from, vmms.size()).forEach(v -> dueIndex.add(new Due(nowMs + BLOCKED_RECHECK_MS, v.toString())));
                return;
            }
            start(target, version, List.copyOf(ids), nowMs);
        }
    }

    private void start(SledTarget target, ApiVersion version, List<UUID> ids, long nowMs) {
        Map<UUID, FetchEntry> started = new LinkedHashMap<>();
        for (UUID vmm : ids) {
            FetchEntry entry = schedule.onStart(pending.get(vmm.toString()), nowMs);
            pending.put(vmm.toString(), entry);
            started.put(vmm, entry);
            entry.inFlight().firstRungAtMicros().ifPresent(rung -> metrics.ringToStart(nowMs * 1000 - rung));
        }
        metrics.fetchesStarted.increment(ids.size());
        metrics.requestsSent.increment();
        metrics.batchSize.record(ids.size());
        long startedNanos = System.nanoTime();
        requestsInFlight++;
        client.fetch(target, ids, version).whenComplete((results, error) -> {
            metrics.sledRequest(System.nanoTime() - startedNanos);
            limiter.release(target.sledId());
            if (closed) {
                return; // this task is gone; its new owner restores the in-flight entries and fetches again
            }
            Map<UUID, VmmFetchResult> safe = results != null ? results
                    : Map.of(); // a missing result counts as a retryable failure below
            if (!applier.applies()) {
                handOver(new Completion(target.sledId(), version, ids, safe, startedNanos, Map.of(), Set.of()));
                return;
            }
            Map<UUID, VmmStateObservation> built = answers(target.sledId(), started, safe, System.currentTimeMillis());
            if (built.isEmpty()) {
                handOver(new Completion(target.sledId(), version, ids, safe, startedNanos, built, Set.of()));
                return;
            }
            try {
                applier.apply(List.copyOf(built.values())).whenComplete((applied, failure) ->
                        handOver(new Completion(target.sledId(), version, ids, safe, startedNanos, built,
                                failure == null && applied != null ? applied : Set.of())));
            } catch (RuntimeException e) { // an applier that throws instead of failing its stage: published unmarked
                LOG.atWarn().setMessage("answers not applied ahead").addKeyValue("error", e.toString()).log();
                handOver(new Completion(target.sledId(), version, ids, safe, startedNanos, built, Set.of()));
            }
        });
    }

    /** Queues a finished request for the stream thread (unless this task is gone: its new owner fetches again). */
    private void handOver(Completion completion) {
        if (closed) {
            return;
        }
        completions.add(completion);
        answerWaiting = true;
    }

    /**
     * The observations of a request's answers that state something about the VMM (found, or not known to the sled),
     * built as {@link #complete} would build them, for the applier; failures and version refusals are left to the
     * stream thread.
     */
    private static Map<UUID, VmmStateObservation> answers(UUID sledId, Map<UUID, FetchEntry> started, Map<UUID, VmmFetchResult> results,
                                                          long nowMs) {
        Map<UUID, VmmStateObservation> built = new LinkedHashMap<>();
        started.forEach((vmm, entry) -> {
            switch (results.get(vmm)) {
                case VmmFetchResult.Found found -> built.put(vmm,
                        ObservationMapping.observed(header(vmm, entry, sledId, found.version(), nowMs), found.state()));
                case VmmFetchResult.NotFound notFound -> built.put(vmm,
                        ObservationMapping.noSuchVmm(header(vmm, entry, sledId, notFound.version(), nowMs)));
                case null, default -> { }
            }
        });
        return built;
    }

    private void drainCompletions(long nowMs) {
        answerWaiting = false;
        Completion completion;
        while ((completion = completions.poll()) != null) {
            requestsInFlight--;
            metrics.fetchLatency(System.nanoTime() - completion.startedNanos());
            for (UUID vmm : completion.vmms()) {
                VmmFetchResult result = completion.results().getOrDefault(vmm,
                        new VmmFetchResult.Failed("no result for this VMM", true));
                complete(completion, vmm, result, nowMs);
            }
        }
    }

    private void complete(Completion completion, UUID vmm, VmmFetchResult result, long nowMs) {
        String key = vmm.toString();
        FetchEntry entry = pending.get(key);
        if (entry == null || !entry.isInFlight()) {
            return; // stale: this fetch was superseded (e.g. restored and restarted)
        }
        FetchEntry next;
        switch (result) {
            case VmmFetchResult.Found found -> {
                metrics.fetchOutcome("found");
                VmmStateObservation observation = completion.built().containsKey(vmm) ? completion.built().get(vmm)
                        : ObservationMapping.observed(header(vmm, entry, completion.sledId(), found.version(), nowMs), found.state());
                next = emit(observation, entry, nowMs, completion.applied().contains(vmm)) ? schedule.onAnswered(entry, nowMs)
                        : schedule.onUnforwarded(entry, nowMs, REGISTRY_RETRY_MS);
            }
            case VmmFetchResult.NotFound notFound -> {
                metrics.fetchOutcome("not_found");
                VmmStateObservation observation = completion.built().containsKey(vmm) ? completion.built().get(vmm)
                        : ObservationMapping.noSuchVmm(header(vmm, entry, completion.sledId(), notFound.version(), nowMs));
                next = emit(observation, entry, nowMs, completion.applied().contains(vmm)) ? schedule.onAnswered(entry, nowMs)
                        : schedule.onUnforwarded(entry, nowMs, REGISTRY_RETRY_MS);
            }
            case VmmFetchResult.VersionRejected rejected -> {
                metrics.fetchOutcome("version_rejected");
                Optional<ApiVersion> fallback = versions.rejected(completion.sledId(), completion.asked(), nowMs);
                if (fallback.isPresent()) {
                    next = schedule.onRepeat(entry, nowMs); // at once, in the older version now remembered for the sled
                } else {
                    // every known version refused: an ordinary failure, backed off like any other
                    next = failed(vmm, entry, completion, new VmmFetchResult.Failed("the sled refused every api version this fetcher knows "
                            + ApiVersion.KNOWN + (rejected.message().isEmpty() ? "" : ": " + rejected.message()), true), nowMs);
                }
            }
            case VmmFetchResult.Failed failed -> {
                metrics.fetchOutcome(failed.retryable() ? "failed_retryable" : "failed");
                next = failed(vmm, entry, completion, failed, nowMs);
            }
        }
        pending.put(key, next);
        dueIndex.add(new Due(next.dueAtMs(), key));
    }

    private FetchEntry failed(UUID vmm, FetchEntry entry, Completion completion, VmmFetchResult.Failed failed, long nowMs) {
        AfterFailure after = schedule.onFailed(entry, nowMs, failed.retryable(), jitter.nextDouble());
        return after instanceof Retry retry ? retry.next() : giveUp(vmm, entry, completion, failed.error(), after, nowMs);
    }

    private FetchEntry giveUp(UUID vmm, FetchEntry entry, Completion completion, String error, AfterFailure after, long nowMs) {
        GiveUp giveUp = (GiveUp) after;
        metrics.gaveUp.increment();
        // giving up drops the VMM until its next ring either way; an unforwarded SledUnreachable changes nothing in the database
        emit(ObservationMapping.sledUnreachable(header(vmm, entry, completion.sledId(), completion.asked(), nowMs), error,
                giveUp.attempts()), entry, nowMs);
        LOG.atWarn().addKeyValue("vmm", completion.vmms()).addKeyValue("sled", completion.sledId())
                .addKeyValue("attempts", giveUp.attempts()).log("sled unreachable, giving up until the next ring: {}", error);
        return giveUp.next();
    }

    private static ObservationHeader header(UUID vmm, FetchEntry entry, UUID sledId, ApiVersion version, long nowMs) {
        OptionalLong firstRung = entry.inFlight().firstRungAtMicros();
        return new ObservationHeader(vmm, sledId, Instant.ofEpochMilli(nowMs), version, ObservationSource.fetch,
                entry.inFlight().count(), firstRung.isPresent() ? Optional.of(micros(firstRung.getAsLong())) : Optional.empty());
    }

    /** Forwards {@code observation} ({@link FetchOutput#observation}); false if the registry was unreachable. */
    private boolean emit(VmmStateObservation observation, FetchEntry entry, long nowMs) {
        return emit(observation, entry, nowMs, false);
    }

    /** Forwards {@code observation}, marked if the {@link AnswerApplier} committed it; false if the registry was unreachable. */
    private boolean emit(VmmStateObservation observation, FetchEntry entry, long nowMs, boolean applied) {
        return output.observation(observation, entry.inFlight().firstRungAtMicros(), nowMs, applied);
    }

    private RingOrigin origin() {
        return context.recordMetadata()
                .map((RecordMetadata m) -> new RingOrigin(m.topic(), m.partition(), m.offset()))
                .orElse(RingOrigin.UNKNOWN);
    }

    private static long headerLong(Headers headers, String name, long fallback) {
        Header header = headers == null ? null : headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return fallback;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Instant micros(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000);
    }

    @Override
    public void close() {
        closed = true;
        wakeups.unregister(this);
        completions.clear();
    }
}
