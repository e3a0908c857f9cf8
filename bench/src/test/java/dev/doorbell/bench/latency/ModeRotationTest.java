package dev.doorbell.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.bench.stack.DeliveryMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModeRotationTest {

    private static final List<DeliveryMode> ALL = List.of(DeliveryMode.values());

    @Test
    void theFirstRateRunsTheModesAsGivenAndEachLaterRateStartsOnePlaceFurther() {
        ModeRotation rotation = new ModeRotation(ALL);

        assertThat(rotation.forRate(0)).containsExactlyElementsOf(ALL);
        assertThat(rotation.forRate(1)).containsExactly(ALL.get(1), ALL.get(2), ALL.get(3), ALL.get(0));
        assertThat(rotation.forRate(ALL.size())).containsExactlyElementsOf(ALL);
    }

    @Test
    void everyRateRunsEveryModeOnceAndAsManyRatesAsModesPutEachModeFirstOnce() {
        ModeRotation rotation = new ModeRotation(ALL);

        Set<DeliveryMode> firsts = new HashSet<>();
        IntStream.range(0, ALL.size()).forEach(r -> {
            assertThat(rotation.forRate(r)).containsExactlyInAnyOrderElementsOf(ALL);
            firsts.add(rotation.forRate(r).getFirst());
        });
        assertThat(firsts).containsExactlyInAnyOrderElementsOf(ALL);
    }

    @Test
    void aSingleModeAlwaysRunsAloneAndBadInputIsRefused() {
        assertThat(new ModeRotation(List.of(DeliveryMode.DOORBELL)).forRate(5)).containsExactly(DeliveryMode.DOORBELL);
        assertThatThrownBy(() -> new ModeRotation(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModeRotation(ALL).forRate(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
