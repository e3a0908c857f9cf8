package dev.doorbell.kafka;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The names of Kafka client settings, to reject misspelt ones given by a user. */
final class KafkaClientKeys {

    private static final Set<String> KNOWN = Stream.of(ProducerConfig.configNames(), ConsumerConfig.configNames(),
                    AdminClientConfig.configNames())
            .flatMap(Set::stream)
            .collect(Collectors.toUnmodifiableSet());

    /** Kafka Streams' prefixes for settings meant for one kind of its clients. */
    private static final List<String> STREAMS_PREFIXES = List.of("main.consumer.", "restore.consumer.", "global.consumer.",
            "consumer.", "producer.", "admin.");

    private KafkaClientKeys() {
    }

    static void requireKnown(String key, String source) {
        if (KNOWN.contains(key)) {
            return;
        }
        for (String prefix : STREAMS_PREFIXES) {
            if (key.startsWith(prefix) && KNOWN.contains(key.substring(prefix.length()))) {
                return;
            }
        }
        throw new IllegalArgumentException("'" + key + "' (from " + source + ") is not a Kafka producer, consumer or admin client setting");
    }
}
