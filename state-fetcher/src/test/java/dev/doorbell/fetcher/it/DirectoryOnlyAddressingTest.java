package dev.doorbell.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.DeadLetters;
import dev.doorbell.fetcher.FetchPolicy;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A doorbell cannot point the fetcher at an address: headers naming another host, or another
 * sled (one the directory knows, at an address we watch), are ignored; keys naming a host or URL
 * (alone or around a real VMM's id) are dead-lettered as invalid, and a key that is the other
 * sled's id as an unknown VMM; only the sled the directory places the VMM on is contacted, and a
 * VMM with no placement is dead-lettered whatever its doorbell claims.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class DirectoryOnlyAddressingTest {

    @Test
    void headersAndKeysNamingOtherHostsOrSledsNeverMakeTheFetcherConnectThere(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3);
             SilentSled namedInHeaders = new SilentSled();
             SilentSled otherSledsAddress = new SilentSled()) {
            SledSimulator sled = bed.startRegisteredSled(Set.copyOf(ApiVersion.KNOWN));
            UUID otherSled = UUID.randomUUID();
            bed.registerSled(otherSled, otherSledsAddress.address(), List.of("2.0.0"));
            UUID vmm = bed.runningVmms(sled, 1).get(0);
            UUID unplaced = UUID.randomUUID();
            FetcherConfig base = bed.fetcherConfig(stateDir);
            FetchPolicy d = FetchPolicy.defaults();
            bed.startFetcher(base.withSettings(base.settings().withPolicy(new FetchPolicy(d.minRefetchInterval(),
                    d.initialBackoff(), d.maxBackoff(), d.giveUpAfter(), Duration.ofSeconds(1)))));

            bed.ring(bytes(vmm.toString()), hostile(namedInHeaders, otherSled));
            bed.ring(bytes(unplaced.toString()), hostile(namedInHeaders, otherSled));
            bed.ring(bytes(otherSled.toString()), hostile(namedInHeaders, otherSled));
            List<String> keysNamingHosts = keysNaming(namedInHeaders, vmm);
            for (String key : keysNamingHosts) {
                bed.ring(bytes(key), hostile(namedInHeaders, otherSled));
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(bed.lastObservationOf(vmm)).hasValueSatisfying(o ->
                        assertThat(o.getSledId()).isEqualTo(sled.config().sledId()));
                assertDeadLettered(bed, unplaced.toString(), DeadLetters.UNKNOWN_VMM);
                assertDeadLettered(bed, otherSled.toString(), DeadLetters.UNKNOWN_VMM);
                for (String key : keysNamingHosts) {
                    assertDeadLettered(bed, key, DeadLetters.INVALID_KEY);
                }
            });
            assertThat(namedInHeaders.connectionsAccepted()).isZero();
            assertThat(otherSledsAddress.connectionsAccepted()).isZero();
            assertThat(bed.observationsOf(unplaced)).isEmpty();
        }
    }

    /** Keys that name the trap's address, alone or wrapped around a real VMM's id. */
    private static List<String> keysNaming(SilentSled trap, UUID vmm) {
        return List.of(
                trap.address().toString(),
                trap.hostAndPort(),
                trap.address() + "/vmms/" + vmm + "/state",
                "//" + trap.hostAndPort() + "/" + vmm,
                vmm + "@" + trap.hostAndPort(),
                trap.hostAndPort() + "/" + vmm,
                vmm + "?sled=" + trap.address(),
                vmm + "/../../" + trap.hostAndPort());
    }

    private static void assertDeadLettered(FetcherTestBed bed, String key, String reason) {
        assertThat(bed.deadLetters()).as("dead letter for key " + key).anySatisfy(r -> {
            assertThat(r.key()).asString(StandardCharsets.UTF_8).isEqualTo(key);
            assertThat(r.headers().lastHeader(DeadLetterHeaders.REASON).value()).asString(StandardCharsets.UTF_8)
                    .isEqualTo(reason);
        });
    }

    /** Every header an attacker might hope the fetcher reads an address or a sled from. */
    private static RecordHeaders hostile(SilentSled trap, UUID otherSled) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("address", bytes(trap.address().toString()));
        headers.add("url", bytes(trap.address() + "/vmms"));
        headers.add("host", bytes(trap.hostAndPort()));
        headers.add("sled-address", bytes(trap.address().toString()));
        headers.add("sled-id", bytes(otherSled.toString()));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
