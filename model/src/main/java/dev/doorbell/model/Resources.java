package dev.doorbell.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What a component started and must stop: {@link #own} records each resource as it is opened, and
 * {@link #close} closes them in the reverse order, the last opened first, so nothing is stopped
 * before what depends on it. A resource that fails to close is reported to the failure handler and
 * the rest are still closed. Safe to use from several threads; closing twice closes nothing twice.
 *
 * <p>The one form of "own, then close in reverse" for the pipeline's assembly, the reconciler, the
 * local stack, the bench stack and the command line's lifetime.
 */
public final class Resources implements AutoCloseable {

    private final List<AutoCloseable> owned = new ArrayList<>();
    private final BiConsumer<AutoCloseable, Exception> onFailure;

    /** @param onFailure told of each resource whose {@code close()} threw, and what it threw */
    public Resources(BiConsumer<AutoCloseable, Exception> onFailure) {
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Owns {@code resource} if it is {@link AutoCloseable} (otherwise leaves it alone); returns it. */
    public <T> T own(T resource) {
        if (resource instanceof AutoCloseable closeable) {
            synchronized (owned) {
                owned.add(closeable);
            }
        }
        return resource;
    }

    /** Owns a closing action, e.g. {@code this::stopReconciler}. */
    public void onClose(AutoCloseable action) {
        own(Objects.requireNonNull(action, "action"));
    }

    /** Closes every owned resource, the last owned first, and forgets them. */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (owned) {
            toClose = new ArrayList<>(owned);
            owned.clear();
        }
        for (AutoCloseable resource : toClose.reversed()) {
            closeQuietly(resource, onFailure);
        }
    }

    /** Closes {@code resource}, telling {@code onFailure} if it throws instead of throwing. */
    public static void closeQuietly(AutoCloseable resource, BiConsumer<AutoCloseable, Exception> onFailure) {
        try {
            resource.close();
        } catch (Exception e) {
            onFailure.accept(resource, e);
        }
    }
}
