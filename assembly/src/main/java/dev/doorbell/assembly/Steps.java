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

    /**
     * Runs one step.
     *
     * @param name      what the step starts, for a progress line ({@code "state fetcher (Kafka Streams)"})
     * @param component the component it belongs to ({@code topics}, {@code schemas}, {@code reconciler},
     *                  {@code fetcher}, {@code gateway}, {@code sled-1}, ...)
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
