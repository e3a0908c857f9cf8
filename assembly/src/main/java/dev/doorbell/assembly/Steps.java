package dev.doorbell.assembly;

import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * How a {@link Pipeline} runs each step of its start: {@link #DIRECT} calls it; {@code doorbell up}
 * reports progress and logs each component to its own file; the bench starts each component on
 * its own thread so its CPU is told apart.
 */
@FunctionalInterface
public interface Steps {

    /** Component names a step belongs to. */
    String TOPICS = "topics";
    String SCHEMAS = "schemas";
    String RECONCILER = "reconciler";
    String FETCHER = "fetcher";
    String GATEWAY = "gateway";

    /**
     * Runs one step.
     *
     * @param name      what the step starts, for a progress line ({@code "state fetcher (Kafka Streams)"})
     * @param component the component it belongs to: {@link #TOPICS}, {@link #SCHEMAS}, {@link #RECONCILER},
     *                  {@link #FETCHER} or {@link #GATEWAY}
     * @param start     the step
     * @param detail    what to say of its result once done (an address, ids)
     */
    <T> T run(String name, String component, Callable<T> start, Function<T, String> detail) throws Exception;

    /** Runs each step as it is. */
    Steps DIRECT = new Steps() {
        @Override
        public <T> T run(String name, String component, Callable<T> start, Function<T, String> detail) throws Exception {
            return start.call();
        }
    };
}
