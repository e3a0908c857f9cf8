package dev.doorbell.bench.stack;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads what the Kafka clients of this JVM have asked of the brokers so far, from the metrics every
 * client registers in JMX by default ({@code JmxReporter}), per client id:
 * <ul>
 *   <li>requests: {@code request-total} of {@code kafka.producer:type=producer-metrics},
 *       {@code kafka.consumer:type=consumer-metrics} and {@code kafka.admin.client:type=admin-client-metrics}
 *       (every request the client sent: produce, fetch, commit, heartbeat, metadata, ...);</li>
 *   <li>fetches: {@code fetch-total} of {@code kafka.consumer:type=consumer-fetch-manager-metrics};</li>
 *   <li>commits and heartbeats: {@code commit-total} and {@code heartbeat-total} of
 *       {@code kafka.consumer:type=consumer-coordinator-metrics};</li>
 *   <li>records sent per topic: {@code record-send-total} of {@code kafka.producer:type=producer-topic-metrics}.</li>
 * </ul>
 * A client's MBeans exist only while it is open, and two clients of one JVM with the same client id
 * share one MBean name (the later one's figures replace the earlier one's): give every client a
 * distinct id to see them all.
 */
public final class KafkaTraffic {

    /** What one client has sent so far, or over a stretch of time. */
    public record Counts(double requests, double fetches, double commits, double heartbeats) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(requests + o.requests, fetches + o.fetches, commits + o.commits, heartbeats + o.heartbeats);
        }

        /** @return this minus {@code earlier}; if any figure went down the client was replaced meanwhile, and this counts from 0 */
        Counts since(Counts earlier) {
            if (requests < earlier.requests || fetches < earlier.fetches || commits < earlier.commits
                    || heartbeats < earlier.heartbeats) {
                return this;
            }
            return new Counts(requests - earlier.requests, fetches - earlier.fetches, commits - earlier.commits,
                    heartbeats - earlier.heartbeats);
        }
    }

    /** A client and a topic it produced to. */
    public record ClientTopic(String clientId, String topic) {}

    /** A topic and a role of the clients that produced to it. */
    public record TopicRole(String topic, String role) implements Comparable<TopicRole> {
        @Override
        public int compareTo(TopicRole o) {
            int c = topic.compareTo(o.topic);
            return c != 0 ? c : role.compareTo(o.role);
        }
    }

    /**
     * Totals at an instant, or the difference between two.
     *
     * @param clients     requests and the rest per client id
     * @param recordsSent records sent per (producer client id, topic)
     */
    public record Snapshot(Map<String, Counts> clients, Map<ClientTopic, Double> recordsSent) {
        public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

        public Snapshot {
            clients = Map.copyOf(clients);
            recordsSent = Map.copyOf(recordsSent);
        }

        /**
         * @return what was sent since {@code earlier}: per client, its growth; a client that appeared
         *     meanwhile, or whose figures went down (closed and replaced by one with its id), counts from 0;
         *     a client gone meanwhile is absent (what it sent since {@code earlier} is lost)
         */
        public Snapshot minus(Snapshot earlier) {
            Map<String, Counts> c = new HashMap<>();
            clients.forEach((id, now) -> c.put(id, now.since(earlier.clients.getOrDefault(id, Counts.ZERO))));
            Map<ClientTopic, Double> r = new HashMap<>();
            recordsSent.forEach((key, now) -> {
                double before = earlier.recordsSent.getOrDefault(key, 0.0);
                r.put(key, now >= before ? now - before : now);
            });
            return new Snapshot(c, r);
        }

        /** @return the counts summed per role ({@code roles} names the role of a client id), sorted by role */
        public Map<String, Counts> byRole(KafkaClientRoles roles) {
            Map<String, Counts> out = new TreeMap<>();
            clients.forEach((id, counts) -> out.merge(roles.roleOf(id), counts, Counts::plus));
            return out;
        }

        /** @return records sent summed per (topic as {@code topicName} shows it, producer role), sorted */
        public Map<TopicRole, Double> recordsByTopic(KafkaClientRoles roles) {
            Map<TopicRole, Double> out = new TreeMap<>();
            recordsSent.forEach((key, n) -> out.merge(new TopicRole(roles.topicName(key.topic()), roles.roleOf(key.clientId())), n,
                    Double::sum));
            return out;
        }
    }

    private final MBeanServer server;

    /** Reads the platform MBean server, where Kafka clients register. */
    public KafkaTraffic() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    KafkaTraffic(MBeanServer server) {
        this.server = server;
    }

    /** @return the totals of every open Kafka client of this JVM now */
    public Snapshot read() {
        Map<String, double[]> perClient = new HashMap<>();
        readEach("kafka.producer:type=producer-metrics,client-id=*", "request-total", (id, v) -> slot(perClient, id)[0] += v);
        readEach("kafka.consumer:type=consumer-metrics,client-id=*", "request-total", (id, v) -> slot(perClient, id)[0] += v);
        readEach("kafka.admin.client:type=admin-client-metrics,client-id=*", "request-total", (id, v) -> slot(perClient, id)[0] += v);
        readEach("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*", "fetch-total", (id, v) -> slot(perClient, id)[1] += v);
        readEach("kafka.consumer:type=consumer-coordinator-metrics,client-id=*", "commit-total", (id, v) -> slot(perClient, id)[2] += v);
        readEach("kafka.consumer:type=consumer-coordinator-metrics,client-id=*", "heartbeat-total",
                (id, v) -> slot(perClient, id)[3] += v);
        Map<String, Counts> clients = new HashMap<>();
        perClient.forEach((id, v) -> clients.put(id, new Counts(v[0], v[1], v[2], v[3])));
        Map<ClientTopic, Double> records = new HashMap<>();
        for (ObjectName name : names("kafka.producer:type=producer-topic-metrics,client-id=*,topic=*")) {
            double v = attribute(name, "record-send-total");
            if (!Double.isNaN(v)) {
                records.merge(new ClientTopic(name.getKeyProperty("client-id"), name.getKeyProperty("topic")), v, Double::sum);
            }
        }
        return new Snapshot(clients, records);
    }

    private interface IdValue {
        void accept(String clientId, double value);
    }

    private void readEach(String pattern, String attribute, IdValue sink) {
        for (ObjectName name : names(pattern)) {
            double v = attribute(name, attribute);
            if (!Double.isNaN(v)) {
                sink.accept(name.getKeyProperty("client-id"), v);
            }
        }
    }

    private static double[] slot(Map<String, double[]> perClient, String id) {
        return perClient.computeIfAbsent(id, k -> new double[4]);
    }

    private Set<ObjectName> names(String pattern) {
        try {
            return server.queryNames(new ObjectName(pattern), null);
        } catch (JMException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }

    /** @return the attribute as a number, NaN if the MBean or attribute is gone or not a number */
    private double attribute(ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute) instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (JMException e) {
            return Double.NaN; // the client closed meanwhile, or has no such metric
        }
    }
}
