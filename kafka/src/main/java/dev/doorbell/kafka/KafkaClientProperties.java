package dev.doorbell.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Kafka client settings passed through, as given, to every Kafka client the product creates
 * (producers, consumers, admin clients, Kafka Streams and through it its own clients): the way to
 * configure TLS ({@code security.protocol=SSL}, {@code ssl.truststore.location}, ...) and SASL
 * ({@code sasl.mechanism}, {@code sasl.jaas.config}, ...). Each client's configuration class applies
 * them last, over its own defaults.
 *
 * <p>Where they come from: a Java properties file (the format of Kafka's own
 * {@code --command-config}), environment variables {@code DOORBELL_KAFKA_<KEY>} (the key upper-cased,
 * dots as underscores: {@code DOORBELL_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}) and
 * command-line pairs; {@link #overriddenBy} layers them. Settings from those sources must be known to
 * Kafka's producer, consumer or admin client (optionally under a Kafka Streams client prefix such as
 * {@code producer.}), or, where the caller accepts them ({@link KafkaClientKeys#clientsAndStreams}), to
 * Kafka Streams (under their names or with {@code streams.}, which is removed): a misspelt key is an
 * error, not a silently ignored setting.
 *
 * <p>An immutable map whose {@link #toString()} hides secret values ({@link KafkaSecrets}), so
 * configurations holding it can be printed and logged.
 */
public final class KafkaClientProperties extends AbstractMap<String, String> {

    /** Environment variables with this prefix are client settings. */
    public static final String ENVIRONMENT_PREFIX = "DOORBELL_KAFKA_";

    private static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of());

    private final Map<String, String> settings;

    private KafkaClientProperties(Map<String, String> settings) {
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public static KafkaClientProperties none() {
        return NONE;
    }

    /**
     * Settings chosen by code, taken as they are (a Streams-only setting included).
     *
     * @throws NullPointerException if a key or value is null
     */
    public static KafkaClientProperties of(Map<String, String> settings) {
        if (settings instanceof KafkaClientProperties already) {
            return already;
        }
        settings.forEach((key, value) -> {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, () -> "value of " + key);
        });
        return settings.isEmpty() ? NONE : new KafkaClientProperties(settings);
    }

    /**
     * Settings given by a user, e.g. {@code --kafka-property} pairs.
     *
     * @param source names the origin in error messages
     * @throws IllegalArgumentException if a key is not a Kafka client setting
     */
    public static KafkaClientProperties checked(Map<String, String> settings, String source) {
        return checked(settings, source, KafkaClientKeys.clients());
    }

    /**
     * Settings given by a user, checked against {@code accepted}; keys come back as the clients take
     * them ({@code streams.} removed).
     *
     * @param source names the origin in error messages
     * @throws IllegalArgumentException if a key is not accepted, or two keys name one setting
     */
    public static KafkaClientProperties checked(Map<String, String> settings, String source, KafkaClientKeys accepted) {
        return canonical(settings, key -> source, accepted);
    }

    /** {@code settings} under their canonical names; {@code sourceOf} names a key's origin in error messages. */
    private static KafkaClientProperties canonical(Map<String, String> settings, Function<String, String> sourceOf,
                                                   KafkaClientKeys accepted) {
        Map<String, String> canonical = new LinkedHashMap<>();
        Map<String, String> givenAs = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            String name = accepted.canonical(key, sourceOf.apply(key));
            String earlier = givenAs.putIfAbsent(name, key);
            if (earlier != null) {
                throw new IllegalArgumentException("'" + earlier + "' (from " + sourceOf.apply(earlier) + ") and '" + key
                        + "' (from " + sourceOf.apply(key) + ") name one setting");
            }
            canonical.put(name, value);
        });
        return of(canonical);
    }

    /**
     * Reads a Java properties file (like Kafka's {@code --command-config}).
     *
     * @throws IllegalArgumentException if it cannot be read or names a key that is not a Kafka client setting
     */
    public static KafkaClientProperties fromFile(Path file) {
        return fromFile(file, KafkaClientKeys.clients());
    }

    /**
     * Reads a Java properties file, its keys checked against {@code accepted}.
     *
     * @throws IllegalArgumentException if it cannot be read or names a key that is not accepted
     */
    public static KafkaClientProperties fromFile(Path file, KafkaClientKeys accepted) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read Kafka client settings: no file " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client settings from " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return checked(settings, file.toString(), accepted);
    }

    /**
     * The settings among {@code environment}'s {@code DOORBELL_KAFKA_*} variables.
     *
     * @throws IllegalArgumentException if one names a key that is not a Kafka client setting
     */
    public static KafkaClientProperties fromEnvironment(Map<String, String> environment) {
        return fromEnvironment(environment, KafkaClientKeys.clients());
    }

    /**
     * The settings among {@code environment}'s {@code DOORBELL_KAFKA_*} variables, checked against {@code accepted}.
     *
     * @throws IllegalArgumentException if one names a key that is not accepted, or two name one setting
     */
    public static KafkaClientProperties fromEnvironment(Map<String, String> environment, KafkaClientKeys accepted) {
        Map<String, String> settings = new TreeMap<>();
        Map<String, String> variables = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                String key = name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                settings.put(key, value);
                variables.put(key, name);
            }
        });
        return canonical(settings, key -> "environment variable " + variables.get(key), accepted);
    }

    /** @return these settings with {@code later}'s added, {@code later} winning where both have a key */
    public KafkaClientProperties overriddenBy(Map<String, String> later) {
        if (later.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(settings);
        merged.putAll(of(later));
        return new KafkaClientProperties(merged);
    }

    /** @return these settings with secret values hidden, for printing */
    public Map<String, String> redacted() {
        return KafkaSecrets.redact(settings);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return settings.entrySet();
    }

    @Override
    public String get(Object key) {
        return settings.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return settings.containsKey(key);
    }

    /** The settings with secret values hidden. */
    @Override
    public String toString() {
        return redacted().toString();
    }
}
