package dev.doorbell.cli.stack;

import java.nio.file.Path;
import java.util.Map;

/** What {@code doorbell up} shows of a started stack, in one JVM ({@link LocalStack}) or as processes ({@link ProcessStack}). */
public interface RunningStack extends AutoCloseable {

    /** Endpoint name → address, in the order they started. */
    Map<String, String> endpoints();

    /** Log name → file. */
    Map<String, Path> logFiles();

    /** The status line's source. */
    StatusTicker.StatusLines statusLines();

    @Override
    void close();
}
