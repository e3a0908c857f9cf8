package dev.doorbell.serde;

import java.util.Objects;

/**
 * Confluent's default subject naming: the subject of topic {@code t} is {@code t-value} for values and
 * {@code t-key} for keys (so {@code vmm.states} values live under {@code vmm.states-value}).
 *
 * @param key whether this names key subjects
 */
public record TopicNameStrategy(boolean key) {

    public static final TopicNameStrategy VALUE = new TopicNameStrategy(false);
    public static final TopicNameStrategy KEY = new TopicNameStrategy(true);

    /** The subject for {@code topic}. */
    public String subject(String topic) {
        Objects.requireNonNull(topic, "topic");
        return topic + (key ? "-key" : "-value");
    }
}
