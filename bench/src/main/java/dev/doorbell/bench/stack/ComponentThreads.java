package dev.doorbell.bench.stack;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;

/**
 * One {@link ThreadGroup} per in-JVM {@link Component}, and a way to run code inside it.
 *
 * <p>A platform thread starts in its creator's thread group unless told otherwise, and so do the
 * threads of {@code Executors.defaultThreadFactory()}, Jetty's {@code QueuedThreadPool}, Kafka's
 * {@code KafkaThread} and HikariCP. A component started by {@link #call} on a thread of its group
 * therefore keeps every thread it makes, then or later, in that group, without any change to its
 * code and whatever it names its threads (several components name theirs alike, e.g.
 * {@code doorbell-sender}). Threads made later by a thread of another group on a component's
 * behalf (a shared pool, the JDK {@code HttpClient}'s default executor) land in that other group:
 * the bench gives the clients it builds explicit factories ({@link #factory}) to avoid that.
 */
public final class ComponentThreads {

    private final Map<Component, ThreadGroup> groups = new EnumMap<>(Component.class);
    private volatile Runnable beforeCallEnds = () -> { };

    public ComponentThreads() {
        for (Component c : Component.values()) {
            if (c.isThreadGroup()) {
                groups.put(c, new ThreadGroup("bench-" + c.wireName()));
            }
        }
    }

    /** @return the thread group of {@code component} */
    public ThreadGroup group(Component component) {
        ThreadGroup group = groups.get(component);
        if (group == null) {
            throw new IllegalArgumentException(component + " is not measured by thread group");
        }
        return group;
    }

    /** @return the groups, by component */
    Map<Component, ThreadGroup> groups() {
        return groups;
    }

    /**
     * Runs {@code hook} on each {@link #call} thread just before it ends (a CPU sampler reads the
     * thread's time while it can still be read).
     */
    void beforeCallEnds(Runnable hook) {
        this.beforeCallEnds = hook;
    }

    /** Runs {@code task} on a new thread of {@code component}'s group and waits for its result. */
    public <T> T call(Component component, Callable<T> task) throws Exception {
        Runnable hook = beforeCallEnds;
        FutureTask<T> future = new FutureTask<>(() -> {
            try {
                return task.call();
            } finally {
                hook.run();
            }
        });
        Thread.ofPlatform().group(group(component)).name("bench-" + component.wireName() + "-call").start(future);
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** As {@link #call}, for code that throws no checked exception. */
    public <T> T callUnchecked(Component component, Callable<T> task) {
        try {
            return call(component, task);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a factory of daemon threads named {@code prefix-N} in {@code component}'s group */
    public ThreadFactory factory(Component component, String prefix) {
        return Thread.ofPlatform().group(group(component)).daemon().name(prefix + "-", 0).factory();
    }
}
