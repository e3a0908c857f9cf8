package dev.doorbell.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one shutdown hook's order: the application's closing first, then the servers newest first; cancelled steps are gone. */
class ShutdownOrderTest {

    @Test
    void theApplicationClosesBeforeTheServersAndTheNewestServerStopsFirst() {
        Runnable broker = () -> { };
        Runnable registry = () -> { };
        Runnable pipeline = () -> { };
        ShutdownOrder.Registration b = ShutdownOrder.server(broker);
        ShutdownOrder.Registration r = ShutdownOrder.server(registry);
        ShutdownOrder.Registration p = ShutdownOrder.first(pipeline);
        try {
            assertThat(ours(broker, registry, pipeline)).containsExactly(pipeline, registry, broker);

            r.cancel();

            assertThat(ours(broker, registry, pipeline)).containsExactly(pipeline, broker);
        } finally {
            b.cancel();
            r.cancel();
            p.cancel();
        }
        assertThat(ours(broker, registry, pipeline)).isEmpty();
    }

    private static List<Runnable> ours(Runnable... steps) {
        List<Runnable> mine = List.of(steps);
        return ShutdownOrder.pending().stream().filter(mine::contains).toList();
    }
}
