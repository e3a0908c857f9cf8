package dev.doorbell.cli.inspect;

import dev.doorbell.cli.replay.RecordDecoder;
import dev.doorbell.cli.replay.ReplayClientConfig;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.read.VmmView;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gathers the four views of one VMM into an {@link Inspection}: the database row first (an unknown VMM or an
 * unreachable reconciler is an {@link InspectFailure}), then the sled it names, then the fetchers. The sled is asked
 * after the row is read, so a sled ahead of the database is seen as ahead, not the other way round; the fetchers after
 * the sled, so a fetch that explains the difference is still seen pending. The topics, which the verdict does not
 * weigh, are read meanwhile on a virtual thread (their scans are the slow part on a long topic).
 */
public final class InspectCollector implements AutoCloseable {

    /** Where the VMM's records are and how many rings to show. */
    public record Topics(String states, String doorbells, int rings) {
        public Topics {
            Objects.requireNonNull(states, "states");
            Objects.requireNonNull(doorbells, "doorbells");
            if (rings < 0) {
                throw new IllegalArgumentException("rings must not be negative");
            }
        }
    }

    /** Records read at most per partition looking for the VMM's newest ones. */
    static final long MAX_SCAN = 1_000_000;

    private final ReadApiClient readApi;
    private final SledReader sleds;
    private final VmmTopicTail tail;
    private final PendingClient fetchers;
    private final Topics topics;
    private final Clock clock;
    private final JsonHttp owned;

    InspectCollector(ReadApiClient readApi, SledReader sleds, VmmTopicTail tail, PendingClient fetchers, Topics topics, Clock clock,
                     JsonHttp owned) {
        this.readApi = Objects.requireNonNull(readApi, "readApi");
        this.sleds = Objects.requireNonNull(sleds, "sleds");
        this.tail = Objects.requireNonNull(tail, "tail");
        this.fetchers = Objects.requireNonNull(fetchers, "fetchers");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owned = Objects.requireNonNull(owned, "owned");
    }

    /**
     * A collector over real services: the reconciler at {@code reconcilerUrl}, the fetchers at {@code fetcherUrls} (none:
     * not asked), Kafka as {@code kafka} says (its timeout bounds every HTTP call too), observations decoded by {@code decoder}.
     */
    public static InspectCollector over(String reconcilerUrl, List<String> fetcherUrls, ReplayClientConfig kafka, RecordDecoder decoder,
                                        Topics topics, Clock clock) {
        JsonHttp http = new JsonHttp(kafka.timeout());
        return new InspectCollector(new ReadApiClient(reconcilerUrl, http),
                new SledReader(new SledAgentClient(kafka.timeout(), kafka.timeout())),
                new VmmTopicTail(kafka, decoder, MAX_SCAN), new PendingClient(fetcherUrls, http), topics, clock, http);
    }

    public Inspection inspect(UUID vmm) {
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<TopicsView> records = background.submit(() -> tail.read(vmm, topics.states(), topics.doorbells(), topics.rings()));
            try {
                DatabaseView database = readApi.vmm(vmm);
                VmmView row = database.vmm();
                SledAnswer sled = sleds.ask(vmm, row.sledId(), row.sledId() == null ? Optional.empty() : readApi.sled(row.sledId()));
                PendingView pending = fetchers.ask(vmm);
                return new Inspection(vmm, clock.instant(), database, sled, topics(records), pending);
            } finally {
                records.cancel(true); // done by now unless the row could not be read: then its scans stop
            }
        }
    }

    /** What the topics' read found; it never throws ({@link VmmTopicTail}), so a failure here is a bug or an interrupt. */
    private static TopicsView topics(Future<TopicsView> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the topics failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TopicsView.Unreadable("interrupted while reading the topics");
        }
    }

    @Override
    public void close() {
        owned.close();
    }
}
