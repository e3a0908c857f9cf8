package dev.doorbell.reconciler.apply;

import static dev.doorbell.reconciler.apply.TestObservations.at;
import static dev.doorbell.reconciler.apply.TestObservations.failed;
import static dev.doorbell.reconciler.apply.TestObservations.migration;
import static dev.doorbell.reconciler.apply.TestObservations.noSuch;
import static dev.doorbell.reconciler.apply.TestObservations.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.doorbell.model.MigrationState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.DeadLetterHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The consumer and the rebuild against a real broker, registry and PostgreSQL. */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class ObservationConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final UUID sled = UUID.randomUUID();
    private StatesTopicBed bed;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp(KafkaCluster kafka, RegistryServer registry) throws Exception {
        bed = new StatesTopicBed(kafka, registry);
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        bed.close();
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private ObservationConsumer consumer(ObservationConsumerConfig config, Database database, SimpleMeterRegistry meters) {
        return closing(new ObservationConsumer(config, new ObservationApplier(database.dataSource()), bed.reader(), meters));
    }

    @Test
    void appliesObservationsAndDeadLettersGarbageAndGoesOn(PostgresServer postgres) throws Exception {
        Database database = closing(TestDatabases.create(postgres));
        Rows rows = new Rows(database.dataSource());
        UUID vmm = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        ObservationConsumerConfig config = bed.consumerConfig(500);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        rows.placed(vmm, sled);
        rows.placed(other, sled);
        ObservationConsumer consumer = consumer(config, database, meters);
        consumer.start();

        bed.publish(List.of(state(vmm, sled, VmmState.STARTING, 1)));
        byte[] garbage = "not an observation".getBytes(StandardCharsets.UTF_8);
        bed.publishRaw(vmm.toString(), garbage); // same key: same partition, between two good records
        bed.publish(List.of(state(vmm, sled, VmmState.RUNNING, 2), state(other, sled, VmmState.RUNNING, 2)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(2));
            assertThat(rows.vmm(other)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("running"));
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
        List<ConsumerRecord<byte[], byte[]>> dead = bed.deadLetters();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(garbage);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(vmm.toString());
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("unknown-magic-byte");
            assertThat(header(r, DeadLetterHeaders.DETAIL)).isNotBlank();
            assertThat(header(r, DeadLetterHeaders.TOPIC)).isEqualTo(bed.topics.states());
            assertThat(header(r, DeadLetterHeaders.OFFSET)).isEqualTo("1");
            assertThat(header(r, DeadLetterHeaders.PARTITION)).matches("[0-2]");
        });
        assertThat(meters.counter(ApplierMetrics.DEAD_LETTERED, "reason", "unknown-magic-byte").count())
                .isEqualTo(1.0);
        assertThat(consumer.isRunning()).isTrue();
    }

    @Test
    void deadLettersObservationsOfRowsTheControlPlaneDidNotCreateAndCountsThem(PostgresServer postgres) throws Exception {
        Database database = closing(TestDatabases.create(postgres));
        Rows rows = new Rows(database.dataSource());
        UUID known = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        rows.placed(known, sled);
        ObservationConsumerConfig config = bed.consumerConfig(500);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        consumer(config, database, meters).start();

        bed.publish(List.of(state(unknown, sled, VmmState.RUNNING, 2), noSuch(unknown, sled, at(10)),
                state(known, sled, VmmState.RUNNING, 2, null, migration(UUID.randomUUID(), MigrationState.IN_PROGRESS, 2), null),
                state(known, sled, VmmState.RUNNING, 3)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
        assertThat(rows.vmm(unknown)).isEmpty();
        assertThat(rows.count("migration")).isZero();
        assertThat(rows.vmm(known)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(3));
        assertThat(bed.deadLetters()).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactlyInAnyOrder("unknown-vmm", "unknown-vmm", "unknown-migration");
        assertThat(bed.deadLetters()).allSatisfy(r -> assertThat(header(r, DeadLetterHeaders.DETAIL)).isNotBlank());
        assertThat(meters.counter(ApplierMetrics.REFUSED, "reason", "unknown-vmm").count()).isEqualTo(2.0);
        assertThat(meters.counter(ApplierMetrics.DEAD_LETTERED, "reason", "unknown-vmm").count())
                .isEqualTo(2.0);
        assertThat(meters.counter(ApplierMetrics.REFUSED, "reason", "unknown-migration").count())
                .isEqualTo(1.0);
    }

    /**
     * A record a state fetcher applied before publishing is skipped, not applied again; a rebuild applies it. The
     * marked report here is newer than the unmarked one after it only to make a skip visible: a fetcher that applied it
     * would have written it already.
     */
    @Test
    void skipsWhatAFetcherAppliedAheadAndARebuildAppliesIt(PostgresServer postgres) throws Exception {
        Database database = closing(TestDatabases.create(postgres));
        Database rebuilt = closing(TestDatabases.create(postgres));
        Rows rows = new Rows(database.dataSource());
        UUID vmm = UUID.randomUUID();
        rows.placed(vmm, sled);
        ObservationConsumerConfig config = bed.consumerConfig(500);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        consumer(config, database, meters).start();

        bed.publishMarked(state(vmm, sled, VmmState.RUNNING, 5));
        bed.publish(List.of(state(vmm, sled, VmmState.STARTING, 2)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
        assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.generation()).as("the marked record was not applied").isEqualTo(2));
        assertThat(meters.counter(ApplierMetrics.SKIPPED, "reason", ObservationConsumer.APPLIED_AHEAD).count()).isEqualTo(1.0);
        assertThat(bed.deadLetters()).isEmpty();

        RebuildReport report = new ObservationRebuild(config, rebuilt.dataSource(), bed.reader()).run();

        assertThat(report.records()).isEqualTo(2);
        assertThat(new Rows(rebuilt.dataSource()).vmm(vmm)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(5));
    }

    @Test
    void deadLettersObservationsTheDatabaseRefusesAndAppliesTheRest(PostgresServer postgres) throws Exception {
        Database database = closing(TestDatabases.create(postgres));
        try (var c = database.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE vmm ADD CONSTRAINT test_no_reason_x CHECK (failure_detail IS DISTINCT FROM 'poison')");
        }
        Rows rows = new Rows(database.dataSource());
        UUID good = UUID.randomUUID();
        UUID poisoned = UUID.randomUUID();
        UUID alsoGood = UUID.randomUUID();
        for (UUID vmm : List.of(good, poisoned, alsoGood)) {
            rows.placed(vmm, sled);
        }
        // published before the consumer starts, so that its first poll is likely to hold all three
        bed.publish(List.of(state(good, sled, VmmState.RUNNING, 2), failed(poisoned, sled, 2, "poison"),
                state(alsoGood, sled, VmmState.STARTING, 2)));
        ObservationConsumerConfig config = bed.consumerConfig(500);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationConsumer consumer = consumer(config, database, meters);
        consumer.start();

        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
        assertThat(rows.vmm(good)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("running"));
        assertThat(rows.vmm(alsoGood)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("starting"));
        assertThat(rows.vmm(poisoned)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("creating"));
        ConsumerRecord<byte[], byte[]> original = bed.states().stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(poisoned.toString())).findFirst().orElseThrow();
        assertThat(bed.deadLetters()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(original.key());
            assertThat(r.value()).isEqualTo(original.value());
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("apply-failed");
            assertThat(header(r, DeadLetterHeaders.DETAIL)).startsWith("23514").contains("test_no_reason_x");
            assertThat(header(r, DeadLetterHeaders.TOPIC)).isEqualTo(bed.topics.states());
            assertThat(header(r, DeadLetterHeaders.PARTITION)).isEqualTo(Integer.toString(original.partition()));
            assertThat(header(r, DeadLetterHeaders.OFFSET)).isEqualTo(Long.toString(original.offset()));
        });
        assertThat(meters.counter(ApplierMetrics.DEAD_LETTERED, "reason", "apply-failed").count())
                .isEqualTo(1.0);
        assertThat(meters.counter(ApplierMetrics.BATCH_RETRIES).count()).isZero();

        // and it goes on: the poisoned VMM itself, reported applicably, is applied
        bed.publish(List.of(state(poisoned, sled, VmmState.RUNNING, 3)));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(rows.vmm(poisoned)).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(3)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
        assertThat(bed.deadLetters()).hasSize(1);
        assertThat(consumer.isRunning()).isTrue();
    }

    @Test
    void commitsNothingWhileTheDatabaseIsDownAndCatchesUpAfter(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir);
        Postgres dedicated = closing(Postgres.start(PostgresConfig.forTests(dir.resolve("postgres.log"))));
        Database database = closing(TestDatabases.create(dedicated.jdbcUrl(), dedicated.user(), dedicated.password()));
        Rows rows = new Rows(database.dataSource());
        UUID vmm = UUID.randomUUID();
        ObservationConsumerConfig config = bed.consumerConfig(500);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        rows.placed(vmm, sled);
        consumer(config, database, meters).start();
        bed.publish(List.of(state(vmm, sled, VmmState.STARTING, 2)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
        Map<TopicPartition, Long> before = bed.committed(config.groupId());

        dedicated.stop();
        bed.publish(List.of(state(vmm, sled, VmmState.RUNNING, 3), state(vmm, sled, VmmState.STOPPING, 4)));

        await().atMost(WAIT).until(() -> meters.counter(ApplierMetrics.BATCH_RETRIES).count() >= 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> bed.committed(config.groupId()).equals(before));

        dedicated.start();
        // the pool reconnects with its own backoff: until it does, reading rows fails too
        await().atMost(WAIT).ignoreExceptionsInstanceOf(SQLException.class).untilAsserted(() ->
                assertThat(rows.vmm(vmm)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("stopping")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
    }

    @Test
    void rebuildIntoAnEmptyDatabaseEqualsTheLiveOne(PostgresServer postgres) throws Exception {
        Database live = closing(TestDatabases.create(postgres));
        Database rebuilt = closing(TestDatabases.create(postgres));
        Rows liveRows = new Rows(live.dataSource());
        Rows rebuiltRows = new Rows(rebuilt.dataSource());
        History history = history(new Random(42), 12);
        for (UUID vmm : history.vmms()) {
            liveRows.placed(vmm, sled); // live, the control plane created every row first
        }
        history.migrations().forEach((migration, source) -> {
            try {
                liveRows.migration(migration, null, source, null);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        List<VmmStateObservation> stream = history.stream();
        ObservationConsumerConfig config = bed.consumerConfig(7); // small live batches; the rebuild's are larger
        consumer(config, live, new SimpleMeterRegistry()).start();

        bed.publish(stream.subList(0, stream.size() / 2));
        bed.publishRaw(UUID.randomUUID().toString(), new byte[] {0, 0, 0, 0});
        UUID someMigration = history.migrations().keySet().iterator().next();
        var side = migration(someMigration, MigrationState.IN_PROGRESS, 40);
        bed.publish(List.of(state(history.migrations().get(someMigration), sled, VmmState.RUNNING, 40, side, side, null)));
        bed.publish(stream.subList(stream.size() / 2, stream.size()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(bed.committed(config.groupId())).isEqualTo(bed.endOffsets()));
        assertThat(bed.deadLetters()).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactlyInAnyOrder("truncated-payload", "self-migration");

        RebuildReport report = new ObservationRebuild(config.withMaxPollRecords(500), rebuilt.dataSource(), bed.reader()).run();

        assertThat(report.records()).isEqualTo(stream.size() + 2);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.refused()).as("the self-migration: refused, counted, not retried").isEqualTo(1);
        assertThat(liveRows.vmms()).hasSize(12).containsExactlyElementsOf(rebuiltRows.vmms());
        assertThat(sourceSides(liveRows)).isNotEmpty().containsExactlyElementsOf(sourceSides(rebuiltRows));
        assertThat(liveRows.vmms()).anySatisfy(r -> assertThat(r.failureReason()).isEqualTo("no_such_instance"));

        assertThatThrownBy(() -> new ObservationRebuild(config, live.dataSource(), bed.reader()).run())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rebuildCountsWhatTheDatabaseRefusesAndNeverRetriesIt(PostgresServer postgres) throws Exception {
        Database rebuilt = closing(TestDatabases.create(postgres));
        try (var c = rebuilt.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE vmm ADD CONSTRAINT test_no_poison CHECK (failure_detail IS DISTINCT FROM 'poison')");
        }
        UUID good = UUID.randomUUID();
        UUID poisoned = UUID.randomUUID();
        bed.publish(List.of(state(good, sled, VmmState.RUNNING, 2), failed(poisoned, sled, 2, "poison"),
                state(good, sled, VmmState.STOPPING, 3)));

        RebuildReport report = new ObservationRebuild(bed.consumerConfig(500), rebuilt.dataSource(), bed.reader()).run();

        assertThat(report.records()).isEqualTo(3);
        assertThat(report.refused()).isEqualTo(1);
        Rows rows = new Rows(rebuilt.dataSource());
        assertThat(rows.vmm(good)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("stopping"));
        assertThat(rows.vmm(poisoned)).isEmpty();
    }

    /** The migration columns observations write, for migrations whose source reported (the target side is the control plane's). */
    private static List<Map<String, Object>> sourceSides(Rows rows) throws SQLException {
        return rows.migrations().stream().map(m -> {
            Map<String, Object> side = new LinkedHashMap<>();
            for (String column : List.of("id", "source_vmm_id", "source_state", "source_gen", "source_time_updated")) {
                side.put(column, m.get(column));
            }
            return side;
        }).toList();
    }

    /** An interleaved stream of observations, its VMMs, and its migrations with their source VMM. */
    private record History(List<VmmStateObservation> stream, List<UUID> vmms, Map<UUID, UUID> migrations) {}

    /**
     * Each VMM's life, with duplicates and stale repeats, interleaved across VMMs: some migrate out,
     * some are then forgotten by their sled (NoSuchVmm). Generations start at 2, as ensure registers a VMM.
     */
    private History history(Random random, int vmms) {
        List<List<VmmStateObservation>> lives = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        Map<UUID, UUID> migrations = new LinkedHashMap<>();
        VmmState[] states = {VmmState.STARTING, VmmState.RUNNING, VmmState.REBOOTING, VmmState.RUNNING, VmmState.STOPPING};
        for (int v = 0; v < vmms; v++) {
            UUID vmm = UUID.randomUUID();
            UUID migrationId = UUID.randomUUID();
            ids.add(vmm);
            if (v % 3 == 0) {
                migrations.put(migrationId, vmm);
            }
            List<VmmStateObservation> life = new ArrayList<>();
            for (int i = 1; i <= states.length; i++) {
                long gen = i + 1;
                boolean migrating = v % 3 == 0 && i >= 3;
                var side = migrating ? migration(migrationId, i == states.length ? MigrationState.COMPLETED
                        : MigrationState.IN_PROGRESS, gen) : null;
                VmmStateObservation o = state(vmm, sled, states[i - 1], gen, null, side, null);
                life.add(o);
                if (random.nextInt(3) == 0) {
                    life.add(o); // duplicate
                }
                if (i > 2 && random.nextInt(3) == 0) {
                    life.add(life.get(random.nextInt(life.size() - 1))); // stale repeat
                }
            }
            if (v % 4 == 1) {
                life.add(noSuch(vmm, sled, at(100)));
            } else if (v % 4 == 2) {
                life.add(state(vmm, sled, VmmState.DESTROYED, states.length + 2));
                life.add(noSuch(vmm, sled, at(101)));
            }
            lives.add(life);
        }
        List<VmmStateObservation> interleaved = new ArrayList<>();
        while (lives.stream().anyMatch(l -> !l.isEmpty())) {
            List<VmmStateObservation> life = lives.get(random.nextInt(lives.size()));
            if (!life.isEmpty()) {
                interleaved.add(life.removeFirst());
            }
        }
        return new History(interleaved, ids, migrations);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
