package dev.doorbell.cli.stack;

import dev.doorbell.model.Resources;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The start of a local stack, phase by phase: each phase is reported to the {@link StackProgress} with its time
 * and a detail, its result owned (closed with the stack, newest first) unless said otherwise, and its threads
 * log as a component of their own where one is named ({@link ComponentLogs}).
 */
final class Phases {

    private final StackProgress progress;
    private final Resources owned;

    Phases(StackProgress progress, Resources owned) {
        this.progress = progress;
        this.owned = owned;
    }

    /** A phase whose result is closed with the stack. */
    <T> T run(String name, Callable<T> step, Function<T, String> detail) throws Exception {
        return run(name, step, detail, true);
    }

    /** A phase whose threads log as {@code component}; its result is closed with the stack if {@code owned}. */
    <T> T run(String name, String component, Callable<T> step, Function<T, String> detail, boolean owned) throws Exception {
        try (var scope = ComponentLogs.enter(component)) {
            return run(name, step, detail, owned);
        }
    }

    /** @param owned whether the stack closes the result */
    <T> T run(String name, Callable<T> step, Function<T, String> detail, boolean owned) throws Exception {
        progress.started(name);
        long begin = System.nanoTime();
        T result = step.call();
        if (owned) {
            own(result);
        }
        progress.done(name, (System.nanoTime() - begin) / 1_000_000, result == null ? "" : detail.apply(result));
        return result;
    }

    <T> T own(T resource) {
        return owned.own(resource);
    }

    StackProgress progress() {
        return progress;
    }
}
