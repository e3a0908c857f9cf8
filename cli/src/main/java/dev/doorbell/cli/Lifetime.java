package dev.doorbell.cli;

import dev.doorbell.model.Resources;
import dev.doorbell.servers.ShutdownOrder;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command alive until Ctrl-C (SIGINT/SIGTERM), then closes what it started
 * in reverse order of opening.
 */
final class Lifetime {

    private final Resources opened = new Resources((resource, e) -> System.err.println("doorbell: while stopping: " + e.getMessage()));
    private final CountDownLatch stopped = new CountDownLatch(1);

    <T extends AutoCloseable> T open(T resource) {
        return opened.own(resource);
    }

    void awaitShutdown() throws InterruptedException {
        // before the servers' own safety nets, which would otherwise stop the broker under the pipeline
        ShutdownOrder.first(() -> {
            closeAll();
            stopped.countDown();
        });
        stopped.await();
    }

    void closeAll() {
        opened.close();
    }
}
