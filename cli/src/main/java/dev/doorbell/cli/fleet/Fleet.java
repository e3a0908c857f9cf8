package dev.doorbell.cli.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application components of a stack, each a process of its own ({@link ComponentProcess}), in start order.
 * A component that ends without being told to is reported ({@link #drainNotices()}) and, with {@code restart},
 * started again on the same options (same port, same state directory). {@link #close()} stops the components
 * newest first, so sleds stop before the fetchers and the fetchers before the reconcilers.
 */
public final class Fleet implements AutoCloseable {

    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    private final JvmLauncher jvm;
    private final Duration startTimeout;
    private final boolean restart;
    private final Clock clock;
    private final Map<String, ComponentProcess> running = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<String> notices = new ConcurrentLinkedQueue<>();
    /** Components that are dead on purpose ({@link #kill}) or already reported. */
    private final Set<String> expectedDead = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher;
    private boolean closed;

    /**
     * @param restart whether a component that died is started again
     */
    public Fleet(JvmLauncher jvm, Duration startTimeout, boolean restart, Clock clock) {
        this.jvm = jvm;
        this.startTimeout = startTimeout;
        this.restart = restart;
        this.clock = clock;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::watch, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts {@code spec}, returning once it is healthy. */
    public ComponentProcess start(ComponentSpec spec) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the fleet is stopping");
            }
            if (running.containsKey(spec.name())) {
                throw new IllegalArgumentException("a component named " + spec.name() + " is already in the fleet");
            }
        }
        ComponentProcess started = ComponentProcess.start(spec, jvm, startTimeout);
        synchronized (this) {
            running.put(spec.name(), started);
        }
        return started;
    }

    /** The component named {@code name}, alive or not. */
    public synchronized Optional<ComponentProcess> component(String name) {
        return Optional.ofNullable(running.get(name));
    }

    /** The components in start order. */
    public synchronized List<ComponentProcess> components() {
        return List.copyOf(running.values());
    }

    /** The components of one role, in start order. */
    public synchronized List<ComponentProcess> role(String role) {
        return running.values().stream().filter(c -> c.spec().role().equals(role)).toList();
    }

    /**
     * Starts every one of {@code specs} at once (each JVM's start is mostly waiting on itself), returning once all
     * are healthy, in the order given; if one fails the others stay in the fleet and its failure is thrown.
     */
    public List<ComponentProcess> startAll(List<ComponentSpec> specs) {
        List<CompletableFuture<ComponentProcess>> starts = specs.stream()
                .map(spec -> CompletableFuture.supplyAsync(() -> start(spec), runnable -> Thread.ofPlatform().name("start-" + spec.name())
                        .start(runnable)))
                .toList();
        List<ComponentProcess> started = new ArrayList<>();
        for (CompletableFuture<ComponentProcess> start : starts) {
            try {
                started.add(start.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return started;
    }

    /**
     * {@code SIGKILL}s the component (a crash: no shutdown hook, no flush, no commit) and leaves it dead: the
     * watcher neither reports nor restarts it. {@link #restart(String)} brings it back.
     */
    public void kill(String name) {
        ComponentProcess component = require(name);
        expectedDead.add(name);
        component.kill();
    }

    /** Starts the (dead or stopped) component again on its options; returns once it is healthy. */
    public ComponentProcess restart(String name) {
        ComponentProcess old = require(name);
        if (old.isAlive()) {
            old.stop();
        }
        ComponentProcess again = ComponentProcess.start(old.spec(), jvm, startTimeout);
        synchronized (this) {
            running.put(name, again);
            expectedDead.remove(name);
        }
        return again;
    }

    private ComponentProcess require(String name) {
        return component(name).orElseThrow(() -> new IllegalArgumentException("no component named " + name));
    }

    /** What happened since the last call: components that died, and their restarts. */
    public List<String> drainNotices() {
        List<String> drained = new ArrayList<>();
        for (String notice; (notice = notices.poll()) != null; ) {
            drained.add(notice);
        }
        return drained;
    }

    private void watch() {
        for (ComponentProcess component : components()) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            if (component.isAlive() || expectedDead.contains(component.name())) {
                continue;
            }
            expectedDead.add(component.name());
            notices.add(String.format("%s %s (pid %d) died, exit %d after %d s%s", Instant.now(clock).toString().substring(11, 19),
                    component.name(), component.pid(), component.exitCode().orElse(-1), component.uptimeSeconds(),
                    restart ? "; restarting it" : ""));
            if (restart) {
                try {
                    ComponentProcess again = restart(component.name());
                    notices.add(component.name() + " restarted (pid " + again.pid() + ")");
                } catch (RuntimeException e) {
                    notices.add(component.name() + " did not restart: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watcher.shutdownNow();
        List<ComponentProcess> all = components();
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).stop();
        }
    }
}
