package dev.doorbell.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerThreadsTest {

    @Test
    void aSmallMachineGetsFewThreadsAndABigOneKafkasDefaults() {
        assertThat(BrokerThreads.forCores(1)).isEqualTo(new BrokerThreads(1, 2));
        assertThat(BrokerThreads.forCores(2)).isEqualTo(new BrokerThreads(1, 2));
        assertThat(BrokerThreads.forCores(4)).isEqualTo(new BrokerThreads(2, 4));
        assertThat(BrokerThreads.forCores(8)).isEqualTo(new BrokerThreads(3, 8));
        assertThat(BrokerThreads.forCores(64)).as("never more than Kafka's defaults").isEqualTo(new BrokerThreads(3, 8));
    }

    @Test
    void theyBecomeServerProperties() {
        assertThat(new BrokerThreads(1, 2).properties()).isEqualTo("num.network.threads=1\nnum.io.threads=2\n");
        assertThatThrownBy(() -> new BrokerThreads(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
