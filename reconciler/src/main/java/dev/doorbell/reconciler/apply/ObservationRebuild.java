package dev.doorbell.reconciler.apply;

import dev.doorbell.kafka.TopicRange;
import dev.doorbell.model.Backoff;
import dev.doorbell.serde.RegistryUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the observation-derived rows ({@code vmm} and {@code migration}) by replaying
 * {@code vmm.states} from the beginning into an empty database, up to the end offsets captured
 * when it starts, in batches of {@code maxPollRecords} through the same {@link ObservationApplier}
 * as the live consumer. It joins no consumer group and commits no offsets (partitions are
 * assigned). Transient failures are retried with backoff like the live consumer's; undeserializable
 * records are only counted (the live consumer dead-lettered them already).
 *
 * <p><b>The one place rows come from observations.</b> Live, only the control plane creates VMM
 * and migration rows and the applier refuses observations of any other; a rebuild has no control
 * plane record left, so the stream is the only one, and it applies with {@link UnknownRows#ADOPT}:
 * the first report of a VMM creates its row, the first report of a migration side creates the
 * migration row with the reporter as that side's VMM. What it still refuses (self-migrations,
 * wrong reporters, {@code NoSuchVmm} of a VMM never reported) is counted in
 * {@link RebuildReport#refused()}, never retried; so is every observation the database refuses for
 * its data (SQLState class 22 or 23), found by the same {@link ApplyStep} as the live consumer's.
 *
 * <p>What a rebuild cannot know: {@code vmm.instance_id} and the {@code instance} and {@code sled}
 * tables come from the control API, not from observations; so a {@code SledUnreachable} replayed
 * without the {@code sled} rows marks nothing failed. Restore the sled rows first (or accept it).
 */
public final class ObservationRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationRebuild.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);

    private final ObservationConsumerConfig config;
    private final ApplyStep step;
    private final ObservationReader reader;
    private final DataSource dataSource;

    public ObservationRebuild(ObservationConsumerConfig config, DataSource dataSource, ObservationReader reader) {
        this.config = config;
        this.dataSource = dataSource;
        this.step = new ApplyStep(new ObservationApplier(dataSource, UnknownRows.ADOPT));
        this.reader = reader;
    }

    /**
     * Replays the topic and returns when every partition reached its end offset as of the start.
     *
     * @throws IllegalStateException if {@code vmm} or {@code migration} already has rows
     * @throws SQLException          if the emptiness check itself fails
     * @throws InterruptedException  if interrupted while backing off
     */
    public RebuildReport run() throws SQLException, InterruptedException {
        requireEmpty();
        long started = System.nanoTime();
        long records = 0;
        long changed = 0;
        long skipped = 0;
        long rejected = 0;
        long refused = 0;
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.rebuildConsumerProperties())) {
            TopicRange<byte[], byte[]> range = TopicRange.wholeTopic(consumer, config.topic(), METADATA_TIMEOUT);
            LOG.atInfo().setMessage("rebuild started").addKeyValue("topic", config.topic()).addKeyValue("end", range.stops()).log();
            Backoff backoff = new Backoff(config.retryBackoff(), config.maxRetryBackoff());
            int failures = 0;
            while (!range.isDone()) {
                List<ConsumerRecord<byte[], byte[]>> batch = range.poll(config.pollTimeout());
                if (batch.isEmpty()) {
                    continue;
                }
                while (true) {
                    try {
                        DecodedBatch decoded = DecodedBatch.read(reader, batch);
                        ApplyResult result = step.apply(decoded.observations());
                        records += batch.size();
                        changed += result.vmmRowsChanged();
                        skipped += decoded.skipped().size();
                        rejected += decoded.rejected().size();
                        refused += result.refusals().size();
                        failures = 0;
                        break;
                    } catch (SQLException | RegistryUnavailableException e) {
                        Duration wait = backoff.delay(++failures);
                        LOG.atWarn().setMessage("rebuild batch not applied; retrying").addKeyValue("error", e.toString())
                                .addKeyValue("waitMillis", wait.toMillis()).log();
                        Thread.sleep(wait.toMillis());
                    }
                }
            }
        }
        RebuildReport report = new RebuildReport(records, changed, skipped, rejected, refused, Duration.ofNanos(System.nanoTime() - started));
        LOG.atInfo().setMessage("rebuild done").addKeyValue("report", report).log();
        return report;
    }

    private void requireEmpty() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM vmm) + (SELECT count(*) FROM migration)")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new IllegalStateException("rebuild needs an empty database: vmm and migration hold " + rs.getLong(1) + " rows");
            }
        }
    }
}
