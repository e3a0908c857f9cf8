package dev.doorbell.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which Kafka client settings are secrets, and their values hidden for printing. A key is secret if
 * Kafka's own definition types it {@code PASSWORD} (e.g. {@code sasl.jaas.config},
 * {@code ssl.keystore.password}, {@code ssl.keystore.key}), under any prefix (e.g. Kafka Streams'
 * {@code producer.}), or if its name mentions a password or a secret: values of such keys are never
 * printed or logged by this project, only {@link #HIDDEN}.
 */
public final class KafkaSecrets {

    /** What a secret value is printed as (Kafka's own word for it). */
    public static final String HIDDEN = "[hidden]";

    private static final Set<String> PASSWORD_TYPED = Stream.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                    AdminClientConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .filter(key -> key.type == ConfigDef.Type.PASSWORD)
            .map(key -> key.name)
            .collect(Collectors.toUnmodifiableSet());

    private KafkaSecrets() {
    }

    /** @return whether the value of setting {@code key} must never be shown */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("secret") || lower.endsWith("sasl.jaas.config")) {
            return true;
        }
        for (String name : PASSWORD_TYPED) {
            if (lower.equals(name) || lower.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    /** @return a copy of {@code settings} (same order) with every secret value replaced by {@link #HIDDEN} */
    public static Map<String, String> redact(Map<String, ?> settings) {
        Map<String, String> shown = new LinkedHashMap<>();
        settings.forEach((key, value) -> shown.put(key, isSecret(key) ? HIDDEN : String.valueOf(value)));
        return shown;
    }
}
