package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusTickerTest {

    @Test
    void printsNoticesAboveEachStatusLineIncludingThoseOfTheFirstInterval() {
        AtomicInteger calls = new AtomicInteger();
        StatusTicker.StatusLines lines = () -> calls.getAndIncrement() == 0
                ? List.of("partitions: fetcher-1 vmm.doorbells 0,1", "")
                : List.of("fetcher-2 died", "status " + calls.get());
        StringWriter text = new StringWriter();
        try (StatusTicker ticker = new StatusTicker(lines, new PrintWriter(text), false).start(Duration.ofMillis(20))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> text.toString().contains("status 3"));
        }
        List<String> printed = text.toString().lines().toList();
        assertThat(printed.getFirst()).isEqualTo("partitions: fetcher-1 vmm.doorbells 0,1");
        assertThat(printed.subList(1, 5)).containsExactly("fetcher-2 died", "status 2", "fetcher-2 died", "status 3");
    }
}
