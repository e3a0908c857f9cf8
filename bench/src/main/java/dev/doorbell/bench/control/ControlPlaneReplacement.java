package dev.doorbell.bench.control;

import dev.doorbell.reconciler.control.ControlApiException;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.sledsim.Vmm;
import dev.doorbell.sledsim.VmmReplacement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a sled's ended VMM as a control plane's user would: starts the VMM's instance again on the
 * same sled ({@code POST /v1/instances/{id}/start} with {@code sled_id}). The control plane starts an
 * instance only once it has seen its last VMM end (the reconciler applies the end and releases the
 * VMM), so a start refused with 409 while the instance's active VMM is still the ended one is tried
 * again later, as is one the control API could not serve (no answer, 5xx: Kafka, the database or
 * the sled away), with a growing pause; a 409 for an instance without an active VMM (released
 * between the start and the look) is tried again a few times. No replacement comes if the instance
 * got another VMM, the sled is no longer active, or the instance or sled is unknown. Attempts run on one thread of their
 * own; {@link #close()} stops them, and pending replacements then complete empty.
 */
public final class ControlPlaneReplacement implements VmmReplacement, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneReplacement.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);
    /** Refusals of an instance without an active VMM before giving up: the sled is then not active (off, expunged). */
    private static final int RELEASED_REFUSALS = 3;

    private final ControlPlaneClient control;
    private final UUID sledId;
    private final ScheduledThreadPoolExecutor attempts;
    private final Set<CompletableFuture<Optional<UUID>>> pending = ConcurrentHashMap.newKeySet();

    public ControlPlaneReplacement(ControlPlaneClient control, UUID sledId) {
        this.control = Objects.requireNonNull(control, "control");
        this.sledId = Objects.requireNonNull(sledId, "sledId");
        this.attempts = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("vmm-replacement-" + sledId).factory());
        attempts.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public CompletionStage<Optional<UUID>> replace(Vmm ended) {
        CompletableFuture<Optional<UUID>> replaced = new CompletableFuture<>();
        pending.add(replaced);
        replaced.whenComplete((id, error) -> pending.remove(replaced));
        schedule(() -> attempt(ended, replaced, FIRST_PAUSE, 0), Duration.ZERO, replaced);
        return replaced;
    }

    private void attempt(Vmm ended, CompletableFuture<Optional<UUID>> replaced, Duration pause, int releasedRefusals) {
        try {
            StartedVmm started = control.start(ended.instanceId(), sledId);
            LOG.atDebug().addKeyValue("instance", ended.instanceId()).addKeyValue("vmm", started.vmmId())
                    .addKeyValue("sled", sledId).log("ended VMM {} replaced through the control plane", ended.id());
            replaced.complete(Optional.of(started.vmmId()));
        } catch (ControlApiException e) {
            Instance instance = e.status() == 409 ? instanceOf(ended) : Instance.ELSEWHERE;
            boolean releasedMeanwhile = instance == Instance.RELEASED && releasedRefusals < RELEASED_REFUSALS;
            if (e.retriable() || instance == Instance.NOT_YET_RELEASED || releasedMeanwhile) {
                Duration next = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                int refusals = releasedRefusals + (releasedMeanwhile ? 1 : 0);
                schedule(() -> attempt(ended, replaced, next, refusals), pause, replaced);
            } else {
                LOG.atInfo().addKeyValue("instance", ended.instanceId()).addKeyValue("sled", sledId)
                        .log("ended VMM {} is not replaced: {}", ended.id(), e.getMessage());
                replaced.complete(Optional.empty());
            }
        } catch (RuntimeException e) {
            replaced.completeExceptionally(e);
        }
    }

    /** Where the ended VMM's instance stands, as the control plane sees it. */
    private enum Instance {
        /** its active VMM is still the ended one (or the control API cannot say now) */
        NOT_YET_RELEASED,
        /** it has no active VMM */
        RELEASED,
        /** it has another VMM, or is unknown */
        ELSEWHERE
    }

    private Instance instanceOf(Vmm ended) {
        try {
            return control.activeVmm(ended.instanceId())
                    .map(active -> active.equals(ended.id()) ? Instance.NOT_YET_RELEASED : Instance.ELSEWHERE)
                    .orElse(Instance.RELEASED);
        } catch (ControlApiException e) {
            return e.retriable() ? Instance.NOT_YET_RELEASED : Instance.ELSEWHERE;
        }
    }

    private void schedule(Runnable attempt, Duration delay, CompletableFuture<Optional<UUID>> replaced) {
        try {
            attempts.schedule(attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            replaced.complete(Optional.empty()); // closed
        }
    }

    @Override
    public void close() {
        attempts.shutdownNow();
        List.copyOf(pending).forEach(replaced -> replaced.complete(Optional.empty()));
    }
}
