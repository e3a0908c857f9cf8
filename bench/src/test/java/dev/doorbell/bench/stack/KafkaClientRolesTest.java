package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaClientRolesTest {

    private final KafkaClientRoles roles = KafkaClientRoles.bench("bench-fetcher-bench-1a2b3c4d", "-bench-1a2b3c4d");

    @Test
    void namesEveryClientOfABenchStackByItsRole() {
        String streams = "bench-fetcher-bench-1a2b3c4d-0f8e2c51-7d3a-4b8e-9c1d-2e3f4a5b6c7d-";
        assertThat(roles.roleOf(streams + "StreamThread-1-consumer")).isEqualTo("fetcher: main consumer");
        assertThat(roles.roleOf(streams + "StreamThread-1-restore-consumer")).isEqualTo("fetcher: restore consumer");
        assertThat(roles.roleOf(streams + "StreamThread-2-producer")).isEqualTo("fetcher: streams producer");
        assertThat(roles.roleOf(streams + "GlobalStreamThread-global-consumer")).isEqualTo("fetcher: global consumer");
        assertThat(roles.roleOf(streams + "admin")).isEqualTo("fetcher: admin");
        assertThat(roles.roleOf("bench-sled-ring-3")).isEqualTo("sleds: ring producers");
        assertThat(roles.roleOf("bench-gateway-ring")).isEqualTo("gateway: ring producer");
        assertThat(roles.roleOf("doorbell-gateway")).isEqualTo("gateway: observation producer");
        assertThat(roles.roleOf("doorbell-reconciler-bench-reconciler-bench-1a2b3c4d")).isEqualTo("reconciler: consumer");
        assertThat(roles.roleOf("doorbell-reconciler-dlq-bench-reconciler-bench-1a2b3c4d")).isEqualTo("reconciler: DLQ producer");
        assertThat(roles.roleOf("doorbell-reconciler")).isEqualTo("reconciler: observation producer");
        assertThat(roles.roleOf("doorbell-publisher")).isEqualTo("reconciler: sweep ring producer");
        assertThat(roles.roleOf("doorbell-directory")).isEqualTo("reconciler: directory publisher");
        assertThat(roles.roleOf("adminclient-7")).isEqualTo(KafkaClientRoles.OTHER);
    }

    @Test
    void showsTopicsWithoutTheStacksSuffix() {
        assertThat(roles.topicName("bench-fetcher-bench-1a2b3c4d-pending-fetches-changelog"))
                .isEqualTo("bench-fetcher-pending-fetches-changelog");
        assertThat(roles.topicName("vmm.doorbells-bench-1a2b3c4d")).isEqualTo("vmm.doorbells");
    }
}
