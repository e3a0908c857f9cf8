package dev.doorbell.cli.stack;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * While open, every log event of this JVM also goes to a file per component in one directory:
 * {@code reconciler.log}, {@code fetcher.log}, {@code gateway.log}, {@code sled-1.log}, ..., and
 * {@code stack.log} for events of no component (starting the servers, topics, schemas).
 *
 * <p>A component is the value of the thread-context key {@value #KEY}, set by {@link #enter}. The CLI makes
 * the thread context inheritable ({@code log4j2.component.properties}), so the threads a component starts
 * inside {@link #enter} (Kafka clients, stream threads, Jetty's pool, schedulers) log as that component
 * for their whole life. Threads shared by components (the JDK's common pool) log to {@code stack.log}.
 * The files use the console's layout ({@code log4j2.xml}), key-value context included.
 */
public final class ComponentLogs implements AutoCloseable {

    /** The thread-context key that names a component. */
    public static final String KEY = "component";
    /** The file of events that belong to no component. */
    public static final String UNNAMED = "stack";

    private final LoggerContext context;
    private final ByComponent appender;

    private ComponentLogs(LoggerContext context, ByComponent appender) {
        this.context = context;
        this.appender = appender;
    }

    /** Starts writing component files into {@code directory} (created if absent). */
    public static ComponentLogs open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + directory, e);
        }
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            throw new IllegalStateException("log4j-core is not the logging backend; no component logs");
        }
        Configuration configuration = context.getConfiguration();
        Appender console = configuration.getAppender("stderr");
        Layout<? extends Serializable> layout = console != null ? console.getLayout() : PatternLayout.createDefaultLayout(configuration);
        ByComponent appender = new ByComponent("components-" + UUID.randomUUID(), layout, directory, configuration);
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
        return new ComponentLogs(context, appender);
    }

    /**
     * Names the calling thread's component until the returned scope closes; threads it starts meanwhile
     * keep the name.
     */
    public static CloseableThreadContext.Instance enter(String component) {
        return CloseableThreadContext.put(KEY, component);
    }

    /** Where the files go. */
    public Path directory() {
        return appender.directory;
    }

    /** The file of {@code component}'s events (it exists once the component has logged). */
    public Path fileOf(String component) {
        return appender.directory.resolve(fileName(component));
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop(5, TimeUnit.SECONDS);
    }

    /** The file name for a component, safe whatever the key's value (it comes from a thread context). */
    static String fileName(String component) {
        return component.replaceAll("[^A-Za-z0-9._-]", "_") + ".log";
    }

    /** An appender that hands each event to the file appender of its component, opening it on first use. */
    private static final class ByComponent extends AbstractAppender {
        private final Path directory;
        private final Configuration configuration;
        private final ConcurrentMap<String, FileAppender> files = new ConcurrentHashMap<>();

        ByComponent(String name, Layout<? extends Serializable> layout, Path directory, Configuration configuration) {
            super(name, null, layout, true, Property.EMPTY_ARRAY);
            this.directory = directory;
            this.configuration = configuration;
        }

        @Override
        public void append(LogEvent event) {
            String component = event.getContextData().getValue(KEY);
            files.computeIfAbsent(component == null ? UNNAMED : component, this::open).append(event);
        }

        private FileAppender open(String component) {
            FileAppender file = FileAppender.newBuilder()
                    .setName(getName() + "-" + component)
                    .setFileName(directory.resolve(fileName(component)).toString())
                    .setAppend(true)
                    .setLayout(getLayout())
                    .setConfiguration(configuration)
                    .build();
            file.start();
            return file;
        }

        @Override
        public boolean stop(long timeout, TimeUnit unit) {
            setStopping();
            for (Map.Entry<String, FileAppender> file : files.entrySet()) {
                file.getValue().stop(timeout, unit);
            }
            files.clear();
            setStopped();
            return true;
        }
    }
}
