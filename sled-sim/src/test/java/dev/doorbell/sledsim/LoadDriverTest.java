package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadDriverTest {
    @Test
    void eachActionIsExactlyOneObservableChange() {
        AtomicLong observed = new AtomicLong();
        try (Sled sled = Sled.builder(UUID.randomUUID()).stepping(SteppingMode.EXPLICIT, Duration.ZERO)
                .listener((id, s) -> observed.incrementAndGet()).build();
             LoadDriver driver = LoadDriver.selfPlaced(sled, 50, 0, 42)) {
            assertThat(sled.size()).isEqualTo(50);
            assertThat(observed.get()).isEqualTo(50);
            for (int i = 0; i < 2_000; i++) {
                driver.changeOne();
            }
            assertThat(driver.changes()).isEqualTo(2_000);
            assertThat(driver.replaced()).as("VMMs that ended and were replaced").isPositive();
            // every replacement's creation is one more change, made by the sled on the driver's behalf
            assertThat(observed.get()).isEqualTo(50 + driver.changes() + driver.replaced());
            assertThat(driver.vmmIds()).hasSize(50);
        }
    }

    @Test
    void drivesOnlyTheVmmsItIsGivenAndAsksForEachEndedOneToBeReplaced() {
        try (Sled sled = Sled.builder(UUID.randomUUID()).stepping(SteppingMode.EXPLICIT, Duration.ZERO).build()) {
            List<UUID> placed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                placed.add(LoadDriver.createRunning(sled, UUID.randomUUID()));
            }
            UUID bystander = LoadDriver.createRunning(sled, UUID.randomUUID());
            long bystanderGen = sled.state(bystander).orElseThrow().vmmState().gen();
            List<Vmm> asked = new ArrayList<>();
            CompletableFuture<Optional<UUID>> pending = new CompletableFuture<>();
            try (LoadDriver driver = new LoadDriver(sled, placed, 0, 7, ended -> {
                asked.add(ended);
                return asked.size() == 1 ? pending : CompletableFuture.completedFuture(Optional.empty());
            })) {
                for (int i = 0; i < 2_000 && asked.isEmpty(); i++) {
                    driver.changeOne();
                }

                assertThat(sled.state(bystander).orElseThrow().vmmState().gen()).as("a VMM the driver was not given").isEqualTo(bystanderGen);
                assertThat(asked).hasSize(1);
                Vmm ended = asked.getFirst();
                assertThat(ended.isTerminal()).isTrue();
                assertThat(placed).contains(ended.id());
                assertThat(driver.vmmIds()).doesNotContain(ended.id()).hasSize(9);
                assertThat(driver.awaitingReplacement()).isEqualTo(1);

                UUID replacement = LoadDriver.createRunning(sled, ended.instanceId());
                pending.complete(Optional.of(replacement));

                assertThat(driver.vmmIds()).contains(replacement).hasSize(10);
                assertThat(driver.replaced()).isEqualTo(1);
                assertThat(driver.awaitingReplacement()).isZero();
            }
        }
    }

    @Test
    void aVmmThatEndsOnItsOwnIsReplacedWithoutWaitingToBePicked() {
        try (Sled sled = Sled.builder(UUID.randomUUID()).stepping(SteppingMode.EXPLICIT, Duration.ZERO).build()) {
            List<UUID> placed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                placed.add(LoadDriver.createRunning(sled, UUID.randomUUID()));
            }
            List<UUID> asked = new ArrayList<>();
            try (LoadDriver driver = new LoadDriver(sled, placed, 0, 3, ended -> {
                asked.add(ended.id());
                return CompletableFuture.completedFuture(Optional.of(LoadDriver.createRunning(sled, ended.instanceId())));
            })) {
                sled.fault(placed.get(5), VmmLifecycle.PROPOLIS_CRASHED);
                sled.fault(placed.get(19), VmmLifecycle.PROPOLIS_CRASHED);

                driver.retireEnded();

                assertThat(asked).containsExactlyInAnyOrder(placed.get(5), placed.get(19));
                assertThat(driver.vmmIds()).hasSize(20).doesNotContain(placed.get(5), placed.get(19));
                assertThat(driver.changes()).as("replacements are not the driver's changes").isZero();
            }
        }
    }

    @Test
    void churnsAtTheConfiguredRate() {
        AtomicLong observed = new AtomicLong();
        try (Sled sled = Sled.builder(UUID.randomUUID()).stepping(SteppingMode.EXPLICIT, Duration.ZERO)
                .listener((id, s) -> observed.incrementAndGet()).build();
             LoadDriver driver = LoadDriver.selfPlaced(sled, 100, 2_000, 7).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> driver.changes() > 1_000);
        }
    }
}
