package dev.doorbell.fetcher;

import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/pending/{vmm}}: the VMM's entry of the pending store, read by an interactive query of the running
 * Kafka Streams (read-only, from any thread; the store's record cache included, so an entry not yet committed shows).
 *
 * <p>Answers: 200 with a {@link PendingFetchView}; 404 {@value #NOTHING_PENDING} when this instance hosts the VMM's
 * partition and holds no entry (nothing is pending for it); 404 {@value #NOT_HOSTED} when another instance of the
 * group hosts it (with {@code active_host} when Kafka Streams knows it, i.e. {@code application.server} is set);
 * without {@code application.server} Kafka Streams does not say where a key lives, so the VMM's partition is computed
 * as the producers' default partitioner picks it, from the doorbell topic's partition count;
 * 503 while the store cannot be queried (starting, rebalancing, restoring); 400 for an id that is not a UUID.
 */
final class PendingQuery {

    static final String NOTHING_PENDING = "urn:doorbell:problem:nothing-pending";
    static final String NOT_HOSTED = "urn:doorbell:problem:not-hosted";

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final String doorbells;
    private final Supplier<Optional<Admin>> admin;
    private volatile int partitions;

    /**
     * @param doorbells the doorbell topic, whose partitions are the tasks' (and the pending store's)
     * @param admin the admin client of {@code streams}, to learn how many partitions that topic has
     */
    PendingQuery(KafkaStreams streams, String doorbells, Supplier<Optional<Admin>> admin) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.doorbells = Objects.requireNonNull(doorbells, "doorbells");
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    HttpResponse answer(HttpRequest request) {
        UUID vmm = request.uuidParam("vmm");
        String key = vmm.toString();
        if (!streams.state().isRunningOrRebalancing()) {
            throw unavailable("Kafka Streams is " + streams.state() + ", not running");
        }
        KeyQueryMetadata where = whereIs(key);
        int partition = where.partition() >= 0 ? where.partition() : partitionOf(key, false);
        if (!hostsActive(partition) && where.partition() < 0) {
            partition = partitionOf(key, true); // the topic may have grown since the count was cached
        }
        if (!hostsActive(partition)) {
            throw notHosted(vmm, partition, where.activeHost());
        }
        FetchEntry entry;
        try {
            ReadOnlyKeyValueStore<String, FetchEntry> store = streams.store(StoreQueryParameters
                    .fromNameAndType(FetcherTopology.PENDING_STORE, QueryableStoreTypes.<String, FetchEntry>keyValueStore())
                    .withPartition(partition));
            entry = store.get(key);
        } catch (InvalidStateStoreException e) {
            throw unavailable("the pending store of partition " + partition + " cannot be queried now (it is moving or restoring)");
        }
        if (entry == null) {
            throw new ProblemException(Problem.of(URI.create(NOTHING_PENDING), "Nothing pending", 404,
                    "no fetch is pending for VMM " + vmm + " (partition " + partition + " is hosted here)")
                    .with("partition", partition));
        }
        return HttpResponse.ok(PendingFetchView.of(vmm, partition, entry));
    }

    /** Where Kafka Streams says the key lives; its partition is unknown (negative) unless {@code application.server} is set. */
    private KeyQueryMetadata whereIs(String key) {
        try {
            KeyQueryMetadata where = streams.queryMetadataForKey(FetcherTopology.PENDING_STORE, key, Serdes.String().serializer());
            return where == null ? KeyQueryMetadata.NOT_AVAILABLE : where;
        } catch (IllegalStateException | InvalidStateStoreException e) {
            return KeyQueryMetadata.NOT_AVAILABLE;
        }
    }

    /** The doorbell partition of {@code key}, as the producers' default partitioner picks it (murmur2 of the key). */
    private int partitionOf(String key, boolean refresh) {
        if (partitions <= 0 || refresh) {
            partitions = describe();
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private int describe() {
        Admin client = admin.get().orElseThrow(() -> unavailable("the fetcher has not connected to Kafka yet"));
        try {
            return client.describeTopics(List.of(doorbells)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(doorbells).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while describing " + doorbells);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable("cannot describe " + doorbells + " to find the VMM's partition");
        }
    }

    private static ProblemException notHosted(UUID vmm, int partition, HostInfo active) {
        Problem problem = Problem.of(URI.create(NOT_HOSTED), "Not hosted here", 404,
                "VMM " + vmm + " is in partition " + partition + ", which this fetcher instance does not host")
                .with("partition", partition);
        if (active != null && active.port() > 0) {
            problem = problem.with("active_host", active.host() + ":" + active.port());
        }
        return new ProblemException(problem);
    }

    /** Whether one of this instance's stream threads processes {@code partition} now (standby and warm-up copies do not count). */
    private boolean hostsActive(int partition) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(TaskMetadata::taskId)
                .mapToInt(TaskId::partition)
                .anyMatch(p -> p == partition);
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, detail));
    }
}
