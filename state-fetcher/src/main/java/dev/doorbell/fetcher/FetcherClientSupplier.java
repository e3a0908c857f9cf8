package dev.doorbell.fetcher;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * Kafka Streams' own clients, except that each stream thread's main consumer polls no longer than
 * {@link FetchWakeups} allows, and that its polls and the global consumer's end when the fetcher closes
 * ({@link WakeupAwareConsumer}). The admin client Streams creates is kept for {@link PendingQuery} (an admin client is
 * thread-safe; Streams closes it).
 */
final class FetcherClientSupplier extends DefaultKafkaClientSupplier {

    private final FetchWakeups wakeups;
    private final Duration gather;
    private final boolean catchUp;
    private volatile Admin admin;

    FetcherClientSupplier(FetchWakeups wakeups, Duration gather, boolean catchUp) {
        this.wakeups = wakeups;
        this.gather = gather;
        this.catchUp = catchUp;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        Admin created = super.getAdmin(config);
        admin = created;
        return created;
    }

    /** The admin client Kafka Streams uses, once it has created it. */
    Optional<Admin> admin() {
        return Optional.ofNullable(admin);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return WakeupAwareConsumer.wrap(super.getConsumer(config), wakeups, System::currentTimeMillis, gather, catchUp);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return WakeupAwareConsumer.wrapGlobal(super.getGlobalConsumer(config), wakeups, System::currentTimeMillis);
    }
}
