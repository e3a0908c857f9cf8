package dev.doorbell.serde;

import dev.doorbell.registry.RegistryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of {@link AvroSerializer} and {@link AvroDeserializer} when Kafka instantiates them by class
 * name and calls {@code configure} with the client's properties. Keys follow Confluent's where one exists:
 * <ul>
 *   <li>{@value #REGISTRY_URL} (required): the Confluent-compatible API root</li>
 *   <li>{@value #CONNECT_TIMEOUT_MS}, {@value #REQUEST_TIMEOUT_MS}: registry timeouts</li>
 *   <li>{@value #AUTO_REGISTER} (default {@code false}): register unknown schemas instead of failing</li>
 *   <li>{@value #READER_CLASS} (deserializer; default the generated newest {@code VmmStateObservation}): the
 *       generated class to read into</li>
 * </ul>
 *
 * @param registry     where the registry is
 * @param autoRegister whether the serializer registers schemas it does not find
 * @param readerClass  fully qualified name of the generated class the deserializer reads into
 */
public record AvroSerdeConfig(RegistryConfig registry, boolean autoRegister, String readerClass) {

    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String READER_CLASS = "doorbell.avro.reader.class";
    public static final String DEFAULT_READER_CLASS = "dev.doorbell.schemas.avro.VmmStateObservation";

    public AvroSerdeConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(readerClass, "readerClass");
    }

    /** Parses the serde's keys out of a Kafka client's configuration; other keys are ignored (they are the client's). */
    public static AvroSerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(REGISTRY_URL, url, "required: the schema registry's Confluent-compatible API URL");
        }
        RegistryConfig registry;
        try {
            registry = new RegistryConfig(URI.create(url.toString().trim()),
                    millis(configs, CONNECT_TIMEOUT_MS, RegistryConfig.DEFAULT_CONNECT_TIMEOUT),
                    millis(configs, REQUEST_TIMEOUT_MS, RegistryConfig.DEFAULT_REQUEST_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(REGISTRY_URL, url, e.getMessage());
        }
        Object auto = configs.get(AUTO_REGISTER);
        Object reader = configs.get(READER_CLASS);
        return new AvroSerdeConfig(registry,
                auto != null && Boolean.parseBoolean(auto.toString().trim()),
                reader == null ? DEFAULT_READER_CLASS : (reader instanceof Class<?> c ? c.getName() : reader.toString().trim()));
    }

    private static Duration millis(Map<String, ?> configs, String key, Duration fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "milliseconds expected");
        }
    }
}
