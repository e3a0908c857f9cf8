package dev.doorbell.fetcher;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * Kafka Streams' own clients, except that each stream thread's main consumer polls no longer than
 * {@link FetchWakeups} allows, and that its polls and the global consumer's end when the fetcher closes
 * ({@link WakeupAwareConsumer}).
 */
final class FetcherClientSupplier extends DefaultKafkaClientSupplier {

    private final FetchWakeups wakeups;

    FetcherClientSupplier(FetchWakeups wakeups) {
        this.wakeups = wakeups;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return WakeupAwareConsumer.wrap(super.getConsumer(config), wakeups, System::currentTimeMillis);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return WakeupAwareConsumer.wrapGlobal(super.getGlobalConsumer(config), wakeups, System::currentTimeMillis);
    }
}
