package dev.doorbell.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class ReplayerTest {

    private ReplayFixture fixture;

    @BeforeEach
    void setUp(KafkaCluster kafka, RegistryServer registry) throws Exception {
        fixture = new ReplayFixture(kafka, registry);
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private ReplayPlan plan(String topic, UUID vmm, String from, String to) {
        return ReplayPlan.parse(List.of(topic), vmm == null ? null : vmm.toString(), from, to, false, false, null);
    }

    @Test
    void filtersByVmmReadingOnlyItsPartition() throws Exception {
        UUID vmm = UUID.randomUUID();
        UUID sameKeyPartition = ReplayFixture.vmmInPartitionOf(vmm);
        UUID elsewhere = ReplayFixture.vmmNotInPartitionOf(vmm);
        var config = new ObservationProducerConfig(fixture.bootstrap, fixture.topics.states(), "test", Map.of());
        try (var publisher = new ObservationPublisher(config, fixture.registry, true)) {
            for (var o : List.of(ReplayFixture.observation(vmm, VmmState.STARTING, 1, 1),
                    ReplayFixture.observation(sameKeyPartition, VmmState.RUNNING, 4, 0),
                    ReplayFixture.observation(elsewhere, VmmState.STOPPED, 9, 0),
                    ReplayFixture.observation(vmm, VmmState.RUNNING, 2, 3))) {
                publisher.publish(o).toCompletableFuture().get();
            }
        }

        List<ReplayedRecord> replayed = fixture.replay(plan(fixture.topics.states(), vmm, null, null));

        int partition = VmmPartition.of(vmm, 3);
        assertThat(replayed).extracting(ReplayedRecord::key).containsExactly(vmm.toString(), vmm.toString());
        assertThat(replayed).extracting(ReplayedRecord::partition).containsOnly(partition);
        assertThat(replayed).extracting(r -> TableRenderer.value(r.value()))
                .containsExactly("fetch api 2.0.0 sled " + ReplayFixture.SLED + ", 1 ring: starting gen 1",
                        "fetch api 2.0.0 sled " + ReplayFixture.SLED + ", 3 rings: running gen 2");
        // without the filter, all four are there
        assertThat(fixture.replay(plan(fixture.topics.states(), null, null, null))).hasSize(4);
    }

    @Test
    void fromAnInstantBetweenTwoBatchesSkipsTheFirst() throws Exception {
        UUID vmm = UUID.randomUUID();
        Instant first = ReplayFixture.minutesAgo(10);
        Instant second = first.plusSeconds(60);
        for (int i = 0; i < 3; i++) {
            fixture.ring(vmm, first.plusMillis(i));
            fixture.ring(ReplayFixture.vmmNotInPartitionOf(vmm), first.plusMillis(i));
        }
        for (int i = 0; i < 2; i++) {
            fixture.ring(vmm, second.plusMillis(i));
            fixture.ring(ReplayFixture.vmmNotInPartitionOf(vmm), second.plusMillis(i));
        }
        String between = first.plusSeconds(30).toString();

        List<ReplayedRecord> after = fixture.replay(plan(fixture.topics.doorbells(), null, between, null));
        List<ReplayedRecord> before = fixture.replay(plan(fixture.topics.doorbells(), null, null, between));
        List<ReplayedRecord> afterForVmm = fixture.replay(plan(fixture.topics.doorbells(), vmm, between, null));

        assertThat(after).hasSize(4).allSatisfy(r -> assertThat(r.timestamp()).isAfterOrEqualTo(second));
        assertThat(before).hasSize(6).allSatisfy(r -> assertThat(r.timestamp()).isBefore(second));
        assertThat(afterForVmm).extracting(ReplayedRecord::timestamp).containsExactly(second, second.plusMillis(1));
        assertThat(afterForVmm.getFirst().value()).isInstanceOf(ReplayedValue.NoBody.class);
        assertThat(afterForVmm.getFirst().headers()).extracting(ReplayedRecord.HeaderText::name)
                .containsExactly("source", "sled-id", "rung-at", "rings");
    }

    @Test
    void partitionOffsetBoundsReadOnlyThatPartition() throws Exception {
        UUID vmm = UUID.randomUUID();
        int partition = VmmPartition.of(vmm, 3);
        Instant at = ReplayFixture.minutesAgo(5);
        for (int i = 0; i < 6; i++) {
            // the producer's default partitioner puts the key where VmmPartition says
            assertThat(fixture.ring(vmm, at.plusMillis(i)).partition()).isEqualTo(partition);
            fixture.ring(ReplayFixture.vmmNotInPartitionOf(vmm), at.plusMillis(i));
        }

        List<ReplayedRecord> replayed = fixture.replay(plan(fixture.topics.doorbells(), null, partition + ":2", partition + ":5"));

        assertThat(replayed).extracting(ReplayedRecord::offset).containsExactly(2L, 3L, 4L);
        assertThat(replayed).extracting(ReplayedRecord::partition).containsOnly(partition);
    }

    @Test
    void mergeInterleavesRingsAndFetchesInTimeOrder() throws Exception {
        UUID vmm = UUID.randomUUID();
        UUID other = ReplayFixture.vmmInPartitionOf(vmm);
        Instant t = ReplayFixture.minutesAgo(3);
        // written topic by topic, so only the merge can put them in time order
        fixture.ring(vmm, t);
        fixture.ring(vmm, t.plusMillis(5));
        fixture.ring(other, t.plusMillis(6));
        fixture.ring(vmm, t.plusMillis(30));
        fixture.observe(ReplayFixture.observation(vmm, VmmState.STARTING, 1, 2), t.plusMillis(20));
        fixture.observe(ReplayFixture.observation(other, VmmState.RUNNING, 1, 1), t.plusMillis(21));
        fixture.observe(ReplayFixture.observation(vmm, VmmState.RUNNING, 2, 1), t.plusMillis(40));

        ReplayPlan plan = ReplayPlan.parse(List.of(fixture.topics.doorbells(), fixture.topics.states()), vmm.toString(), null,
                null, false, true, null);
        List<ReplayedRecord> merged = fixture.replay(plan);

        assertThat(merged).extracting(ReplayedRecord::topic).containsExactly(fixture.topics.doorbells(), fixture.topics.doorbells(),
                fixture.topics.states(), fixture.topics.doorbells(), fixture.topics.states());
        assertThat(merged).extracting(ReplayedRecord::timestamp)
                .containsExactly(t, t.plusMillis(5), t.plusMillis(20), t.plusMillis(30), t.plusMillis(40));
        assertThat(merged).extracting(ReplayedRecord::key).containsOnly(vmm.toString());
        assertThat(new TableRenderer().render(merged.get(2))).contains(fixture.topics.states()).contains("2 rings: starting gen 1");
    }

    @Test
    void malformedRecordsAreShownAndTheReplayGoesOn() throws Exception {
        UUID vmm = UUID.randomUUID();
        Instant t = ReplayFixture.minutesAgo(2);
        byte[] valid = fixture.encode(ReplayFixture.observation(vmm, VmmState.RUNNING, 1, 0));
        fixture.raw(fixture.topics.states(), vmm, valid, t);
        fixture.raw(fixture.topics.states(), vmm, ReplayFixture.bytes("not avro at all"), t.plusMillis(1));
        fixture.raw(fixture.topics.states(), vmm, Arrays.copyOf(valid, valid.length - 3), t.plusMillis(2));
        fixture.observe(ReplayFixture.observation(vmm, VmmState.STOPPING, 2, 0), t.plusMillis(3));

        List<ReplayedRecord> replayed = fixture.replay(plan(fixture.topics.states(), vmm, null, null));

        assertThat(replayed).extracting(r -> r.value().getClass().getSimpleName())
                .containsExactly("Observation", "Malformed", "Malformed", "Observation");
        String badMagic = new TableRenderer().render(replayed.get(1));
        assertThat(badMagic).contains("MALFORMED (").contains("6e6f74206176726f").contains("(15 bytes)");
        assertThat(((ReplayedValue.Malformed) replayed.get(2).value()).reason()).containsIgnoringCase("truncated");
        assertThat(TableRenderer.value(replayed.get(3).value())).endsWith("stopping gen 2");
    }

    @Test
    void limitStopsEarly() throws Exception {
        UUID vmm = UUID.randomUUID();
        Instant t = ReplayFixture.minutesAgo(1);
        for (int i = 0; i < 5; i++) {
            fixture.ring(vmm, t.plusMillis(i));
        }
        ReplayPlan plan = new ReplayPlan(List.of(fixture.topics.doorbells()), Optional.of(vmm), Optional.empty(), Optional.empty(),
                false, false, OptionalLong.of(2));
        assertThat(fixture.replay(plan)).extracting(ReplayedRecord::offset).containsExactly(0L, 1L);
    }

    @Test
    void followShowsNewRecordsUntilStopped() throws Exception {
        UUID vmm = UUID.randomUUID();
        fixture.ring(vmm, ReplayFixture.minutesAgo(1));
        Queue<ReplayedRecord> seen = new ConcurrentLinkedQueue<>();
        Replayer replayer = fixture.replayer();
        ReplayPlan plan = ReplayPlan.parse(List.of(fixture.topics.doorbells()), vmm.toString(), null, null, true, false, null);
        CompletableFuture<Long> running = CompletableFuture.supplyAsync(() -> replayer.run(plan, seen::add));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen).hasSize(1));
        fixture.ring(vmm, Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen).hasSize(2));
        replayer.stop();

        assertThat(running).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(2L);
    }

    @Test
    void createsNoConsumerGroup() throws Exception {
        UUID vmm = UUID.randomUUID();
        fixture.ring(vmm, ReplayFixture.minutesAgo(1));
        Set<String> before = groups();

        assertThat(fixture.replay(plan(fixture.topics.doorbells(), null, null, null))).hasSize(1);
        fixture.replay(ReplayPlan.parse(List.of(fixture.topics.doorbells(), fixture.topics.states()), vmm.toString(), null, null,
                false, true, null));

        assertThat(groups()).isEqualTo(before);
    }

    private Set<String> groups() throws Exception {
        return fixture.admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId)
                .collect(Collectors.toSet());
    }
}
