package dev.doorbell.kafka;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The setting names a command takes from a user, to reject misspelt ones: Kafka's producer,
 * consumer and admin client settings (also under a Kafka Streams client prefix such as
 * {@code producer.}), and, for a command that runs Kafka Streams, Streams' own settings under their
 * names or with the {@value #STREAMS_PREFIX} prefix. Immutable.
 */
public final class KafkaClientKeys {

    /** A Kafka Streams setting may be given with this prefix ({@code streams.probing.rebalance.interval.ms}); it is removed. */
    public static final String STREAMS_PREFIX = "streams.";

    private static final Set<String> CLIENT = Stream.of(ProducerConfig.configNames(), ConsumerConfig.configNames(),
                    AdminClientConfig.configNames())
            .flatMap(Set::stream)
            .collect(Collectors.toUnmodifiableSet());

    /** Kafka Streams' prefixes for settings meant for one kind of its clients. */
    private static final List<String> CLIENT_PREFIXES = List.of("main.consumer.", "restore.consumer.", "global.consumer.",
            "consumer.", "producer.", "admin.");

    private static final KafkaClientKeys CLIENTS = new KafkaClientKeys(Set.of());

    private final Set<String> streams;

    private KafkaClientKeys(Set<String> streams) {
        this.streams = Set.copyOf(streams);
    }

    /** Producer, consumer and admin client settings: what every command takes. */
    public static KafkaClientKeys clients() {
        return CLIENTS;
    }

    /**
     * Client settings and a Kafka Streams application's own ones; this module does not depend on
     * Kafka Streams, so its caller names them ({@code StreamsConfig.configDef().names()}).
     */
    public static KafkaClientKeys clientsAndStreams(Set<String> streamsNames) {
        Objects.requireNonNull(streamsNames, "streamsNames");
        return streamsNames.isEmpty() ? CLIENTS : new KafkaClientKeys(streamsNames);
    }

    /**
     * @param source names the origin in error messages
     * @return the key as the clients take it: {@value #STREAMS_PREFIX} removed from a Streams setting
     * @throws IllegalArgumentException if it is not a setting these keys accept
     */
    public String canonical(String key, String source) {
        if (!streams.isEmpty() && key.startsWith(STREAMS_PREFIX)) {
            String unprefixed = key.substring(STREAMS_PREFIX.length());
            if (isKnown(unprefixed)) {
                return unprefixed;
            }
        } else if (isKnown(key)) {
            return key;
        }
        throw new IllegalArgumentException("'" + key + "' (from " + source + ") is not a "
                + (streams.isEmpty() ? "" : "Kafka Streams, ") + "Kafka producer, consumer or admin client setting");
    }

    private boolean isKnown(String key) {
        if (CLIENT.contains(key) || streams.contains(key)) {
            return true;
        }
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix) && CLIENT.contains(key.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }
}
