package dev.doorbell.bench.control;

import dev.doorbell.reconciler.control.ControlApiException;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.control.StartedVmm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Places a fleet's VMMs through the control plane, as its users would: for each VMM an instance is
 * created and started on the sled asked for (the control plane publishes the placement and calls the
 * sled). At most {@code concurrency} instances are being placed at a time: each start holds a
 * database connection of the reconciler while it calls the sled, so more than its pool would only
 * queue. A call the control API could not serve now (no answer, 5xx) is repeated after a growing
 * pause, a bounded number of times; any other refusal fails the whole placement.
 */
public final class FleetSeeder {

    /** Told how far a placement has come; called from the seeder's threads, one call at a time. */
    @FunctionalInterface
    public interface Progress {
        void placed(int done, int total);

        static Progress none() {
            return (done, total) -> { };
        }
    }

    /** Matches the reconciler's default database pool. */
    public static final int DEFAULT_CONCURRENCY = 8;
    private static final int ATTEMPTS = 8;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(3);

    private final ControlPlaneClient control;
    private final int concurrency;

    public FleetSeeder(ControlPlaneClient control, int concurrency) {
        this.control = Objects.requireNonNull(control, "control");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    /**
     * Places one VMM per entry of {@code sledOfEach} on that sled, naming instance {@code i}
     * {@code namePrefix-(firstNumber + i)} (names must be new to the control plane). Blocks until all
     * are placed.
     *
     * @return the placed VMMs, in the order of {@code sledOfEach}
     * @throws ControlApiException the first call that failed for good (the VMMs placed so far stay)
     */
    public List<StartedVmm> place(List<UUID> sledOfEach, String namePrefix, int firstNumber, Progress progress) {
        int total = sledOfEach.size();
        StartedVmm[] placed = new StartedVmm[total];
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, total)),
                Thread.ofPlatform().daemon().name("fleet-seeder-", 0).factory());
        try {
            ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(workers);
            List<Future<Integer>> futures = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                int index = i;
                futures.add(done.submit(() -> {
                    placed[index] = placeOne(namePrefix + "-" + (firstNumber + index), sledOfEach.get(index));
                    return index;
                }));
            }
            for (int finished = 1; finished <= total; finished++) {
                done.take().get();
                progress.placed(finished, total);
            }
            return Arrays.asList(placed);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlApiException("placing " + total + " VMMs", 0, "interrupted");
        } finally {
            workers.shutdownNow();
        }
    }

    private StartedVmm placeOne(String name, UUID sledId) throws InterruptedException {
        UUID instance = retrying(() -> control.createInstance(name));
        return retrying(() -> control.start(instance, sledId));
    }

    private <T> T retrying(Supplier<T> call) throws InterruptedException {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ControlApiException e) {
                if (!e.retriable() || attempt == ATTEMPTS) {
                    throw e;
                }
            }
            Thread.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }
}
