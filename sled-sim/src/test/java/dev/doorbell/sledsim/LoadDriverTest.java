package dev.doorbell.sledsim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LoadDriverTest {
    @Test
    void eachActionIsExactlyOneObservableChange() {
        AtomicLong observed = new AtomicLong();
        try (Sled sled = Sled.builder(UUID.randomUUID()).stepping(SteppingMode.EXPLICIT, Duration.ZERO)
                .listener((id, s) -> observed.incrementAndGet()).build();
             LoadDriver driver = new LoadDriver(sled, 50, 0, 42)) {
            assertThat(sled.size()).isEqualTo(50);
            assertThat(observed.get()).isEqualTo(50);
            for (int i = 0; i < 2_000; i++) {
                driver.changeOne();
            }
            assertThat(driver.changes()).isEqualTo(2_050);
            assertThat(observed.get()).isEqualTo(driver.changes());
            assertThat(driver.vmmIds()).hasSize(50);
        }
    }

    @Test
    void churnsAtTheConfiguredRate() {
        AtomicLong observed = new AtomicLong();
        try (Sled sled = Sled.builder(UUID.randomUUID()).stepping(SteppingMode.EXPLICIT, Duration.ZERO)
                .listener((id, s) -> observed.incrementAndGet()).build();
             LoadDriver driver = new LoadDriver(sled, 100, 2_000, 7).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> driver.changes() > 1_000);
        }
    }
}
