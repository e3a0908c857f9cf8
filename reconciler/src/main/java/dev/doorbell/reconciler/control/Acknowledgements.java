package dev.doorbell.reconciler.control;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Kafka write the control API must not go on without; a failure or timeout is a 503 problem. */
final class Acknowledgements {

    private Acknowledgements() {}

    static void await(CompletionStage<Void> write, Duration timeout, String what) {
        try {
            write.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while publishing " + what);
        } catch (ExecutionException e) {
            throw unavailable("cannot publish " + what + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("publishing " + what + " was not acknowledged within " + timeout.toMillis() + " ms");
        }
    }

    private static ControlRefusal unavailable(String detail) {
        return ControlRefusal.unavailable(detail);
    }
}
