package dev.doorbell.fetcher;

import java.util.Arrays;
import org.apache.kafka.streams.StreamsConfig;

/** The fetcher's Kafka Streams processing guarantee, by its Streams name. */
public enum ProcessingGuarantee {
    /** Duplicates are harmless behind the reconciler's generation guard; no ~60 ms transaction commits. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE),
    /** Transactions: a crash re-emits nothing it had committed. */
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2);

    private final String streamsName;

    ProcessingGuarantee(String streamsName) {
        this.streamsName = streamsName;
    }

    /** The value of {@code processing.guarantee}, e.g. {@code at_least_once}. */
    public String streamsName() {
        return streamsName;
    }

    /**
     * The guarantee named {@code name} as Kafka Streams names it.
     *
     * @throws IllegalArgumentException for any other name, listing the ones there are
     */
    public static ProcessingGuarantee parse(String name) {
        return Arrays.stream(values()).filter(g -> g.streamsName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("processing guarantee must be at_least_once or exactly_once_v2, was " + name));
    }

    @Override
    public String toString() {
        return streamsName;
    }
}
