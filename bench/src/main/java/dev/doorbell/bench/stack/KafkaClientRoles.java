package dev.doorbell.bench.stack;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names the role of a Kafka client from its client id (the first rule whose pattern is found in the
 * id, else {@link #OTHER}), and shows a topic's name without the stack's suffix.
 *
 * @param rules      tried in order
 * @param hideSuffix a string removed from topic names (the stack's topic suffix); empty: none
 */
public record KafkaClientRoles(List<Rule> rules, String hideSuffix) {

    public static final String OTHER = "other";

    /** Clients whose id matches {@code pattern} (found anywhere in it) play {@code role}. */
    public record Rule(Pattern pattern, String role) {
        public Rule {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(role, "role");
        }

        static Rule of(String regex, String role) {
            return new Rule(Pattern.compile(regex), role);
        }
    }

    public KafkaClientRoles {
        rules = List.copyOf(rules);
        Objects.requireNonNull(hideSuffix, "hideSuffix");
    }

    /** Client ids of the sleds' ring producers (one per sled) in a {@link BenchStack}. */
    public static final String SLED_RING_PREFIX = "bench-sled-ring-";
    /** Client id of the gateway's ring producer in a {@link BenchStack}. */
    public static final String GATEWAY_RING = "bench-gateway-ring";

    /**
     * The roles of a {@link BenchStack}'s clients: the sleds' and gateway's ring producers (given ids by the
     * bench), the gateway's observation producer ({@code doorbell-gateway}), Kafka Streams' clients of the
     * fetcher ({@code <applicationId>-<uuid>-StreamThread-N-consumer|producer|restore-consumer},
     * {@code ...-GlobalStreamThread-global-consumer}, {@code ...-admin}), the reconciler's consumer
     * ({@code doorbell-reconciler-<group>}), DLQ producer, observation producer ({@code doorbell-reconciler}),
     * sweep ring producer ({@code doorbell-publisher}) and directory publisher ({@code doorbell-directory}), and
     * the bench's own observation tally.
     */
    public static KafkaClientRoles bench(String fetcherApplicationId, String topicSuffix) {
        String app = Pattern.quote(fetcherApplicationId);
        return new KafkaClientRoles(List.of(
                Rule.of("^" + Pattern.quote(SLED_RING_PREFIX), "sleds: ring producers"),
                Rule.of("^" + Pattern.quote(GATEWAY_RING) + "$", "gateway: ring producer"),
                Rule.of("^doorbell-gateway$", "gateway: observation producer"),
                Rule.of("^" + app + "-.*-StreamThread-\\d+-restore-consumer$", "fetcher: restore consumer"),
                Rule.of("^" + app + "-.*-StreamThread-\\d+-consumer$", "fetcher: main consumer"),
                Rule.of("^" + app + "-.*-StreamThread-\\d+-producer$", "fetcher: streams producer"),
                Rule.of("^" + app + "-.*-global-consumer$", "fetcher: global consumer"),
                Rule.of("^" + app + "-.*-admin$", "fetcher: admin"),
                Rule.of("^" + app, "fetcher: other"),
                Rule.of("^doorbell-reconciler-dlq-", "reconciler: DLQ producer"),
                Rule.of("^doorbell-reconciler-", "reconciler: consumer"),
                Rule.of("^doorbell-reconciler$", "reconciler: observation producer"),
                Rule.of("^doorbell-publisher$", "reconciler: sweep ring producer"),
                Rule.of("^doorbell-directory$", "reconciler: directory publisher"),
                Rule.of("^bench-observation-tally$", "bench: observation tally")), topicSuffix);
    }

    /** @return the role of the client with id {@code clientId} */
    public String roleOf(String clientId) {
        for (Rule rule : rules) {
            if (rule.pattern().matcher(clientId).find()) {
                return rule.role();
            }
        }
        return OTHER;
    }

    /** @return {@code topic} without the hidden suffix */
    public String topicName(String topic) {
        return hideSuffix.isEmpty() ? topic : topic.replace(hideSuffix, "");
    }
}
