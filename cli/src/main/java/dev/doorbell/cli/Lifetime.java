package dev.doorbell.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command alive until Ctrl-C (SIGINT/SIGTERM), then closes what it started
 * in reverse order of opening.
 */
final class Lifetime {

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    void awaitShutdown() throws InterruptedException {
        Thread hook = new Thread(() -> {
            closeAll();
            stopped.countDown();
        }, "doorbell-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }

    void closeAll() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                System.err.println("doorbell: while stopping: " + e.getMessage());
            }
        }
        opened.clear();
    }
}
