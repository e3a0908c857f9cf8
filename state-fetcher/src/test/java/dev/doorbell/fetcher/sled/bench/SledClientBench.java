package dev.doorbell.fetcher.sled.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.doorbell.fetcher.sled.SledClient;
import dev.doorbell.fetcher.sled.SledClientConfig;
import dev.doorbell.fetcher.sled.SledClientConfig.Implementation;
import dev.doorbell.fetcher.sled.SledClients;
import dev.doorbell.fetcher.sled.SledTarget;
import dev.doorbell.fetcher.sled.VmmFetchResult;
import dev.doorbell.model.ApiVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares the {@link SledClient} implementations (measures; asserts nothing). Starts one
 * {@link BenchSled} with {@code vmms} VMMs in a child process, so this process's CPU time is the
 * client's alone (HTTP library, JSON parsing, GC, JIT), then for each implementation, after a
 * warm-up, in alternating order over {@code rounds}:
 * <ul>
 *   <li>single {@code GET /vmms/{id}/state} (one id per fetch) with {@code concurrency} fetches in flight;</li>
 *   <li>{@code POST /vmms/states} of {@code batch} random ids with {@code batchConcurrency} in flight.</li>
 * </ul>
 * Prints requests/s, client CPU ms per request (process CPU time), the sled's CPU ms per request,
 * latency p50/p99, and ratios to the JDK client.
 * Usage: {@code SledClientBench [vmms=10000] [gets=20000] [batches=2000] [rounds=3] [concurrency=16]
 * [batch=100] [batchConcurrency=4]}. To run: {@code ./mvnw -o -pl state-fetcher test-compile
 * dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}, then, with a JDK 21+
 * {@code java}: {@code java -cp state-fetcher/target/classes:state-fetcher/target/test-classes:$(cat
 * state-fetcher/cp.txt) dev.doorbell.fetcher.sled.bench.SledClientBench}.
 */
public final class SledClientBench {
    private SledClientBench() {
    }

    public static void main(String[] args) throws Exception {
        int vmms = arg(args, 0, 10_000);
        int gets = arg(args, 1, 20_000);
        int batches = arg(args, 2, 2_000);
        int rounds = arg(args, 3, 3);
        int concurrency = arg(args, 4, 16);
        int batchSize = arg(args, 5, 100);
        int batchConcurrency = arg(args, 6, 4);

        Process sledProcess = startSled(vmms);
        try {
            SledTarget target = new SledTarget(UUID.randomUUID(), URI.create(awaitReady(sledProcess)));
            Map<Implementation, SledClient> clients = new EnumMap<>(Implementation.class);
            for (Implementation impl : Implementation.values()) {
                clients.put(impl, SledClients.create(SledClientConfig.defaults().withImplementation(impl)));
            }
            Workload single = new Workload("GET x1", 1, concurrency);
            Workload batch = new Workload("POST x" + batchSize, batchSize, batchConcurrency);
            for (Implementation impl : Implementation.values()) {
                run(clients.get(impl), target, single, vmms, gets / 2, sledProcess);
                run(clients.get(impl), target, batch, vmms, batches / 2, sledProcess);
            }
            Map<String, Map<Implementation, Totals>> totals = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                List<Implementation> order = new ArrayList<>(List.of(Implementation.values()));
                if (round % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Workload w : List.of(single, batch)) {
                    for (Implementation impl : order) {
                        int n = w == single ? gets : batches;
                        totals.computeIfAbsent(w.name, k -> new EnumMap<>(Implementation.class))
                                .computeIfAbsent(impl, k -> new Totals())
                                .add(run(clients.get(impl), target, w, vmms, n, sledProcess));
                    }
                }
            }
            print(totals, rounds);
            clients.values().forEach(SledClient::close);
        } finally {
            sledProcess.getOutputStream().close();
            if (!sledProcess.waitFor(10, TimeUnit.SECONDS)) {
                sledProcess.destroy();
            }
        }
    }

    private record Workload(String name, int ids, int inFlight) {
    }

    /** One measured run: {@code requests} fetches, wall and CPU nanos, per-request latencies. */
    private record Run(int requests, long failed, long wallNanos, long clientCpuNanos, long sledCpuNanos, long[] latencies) {
    }

    private static final class Totals {
        int requests;
        long failed;
        long wallNanos;
        long clientCpuNanos;
        long sledCpuNanos;
        final List<long[]> latencies = new ArrayList<>();

        void add(Run run) {
            requests += run.requests;
            failed += run.failed;
            wallNanos += run.wallNanos;
            clientCpuNanos += run.clientCpuNanos;
            sledCpuNanos += run.sledCpuNanos;
            latencies.add(run.latencies);
        }

        double perSecond() {
            return requests / (wallNanos / 1e9);
        }

        double clientCpuMs() {
            return clientCpuNanos / 1e6 / requests;
        }

        double sledCpuMs() {
            return sledCpuNanos / 1e6 / requests;
        }

        double latencyMs(double q) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return all[Math.min(all.length - 1, (int) (q * all.length))] / 1e6;
        }
    }

    private static Run run(SledClient client, SledTarget target, Workload w, int vmms, int n, Process sled) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger issued = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        System.gc();
        long sledCpuBefore = cpuNanos(sled);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            int i = issued.getAndIncrement();
            if (i >= n) {
                return;
            }
            List<UUID> ids = randomIds(vmms, w.ids);
            long sent = System.nanoTime();
            client.fetch(target, ids, ApiVersion.V2).whenComplete((results, error) -> {
                latencies[i] = System.nanoTime() - sent;
                if (error != null || results.size() != ids.size()
                        || !results.values().stream().allMatch(VmmFetchResult.Found.class::isInstance)) {
                    failed.incrementAndGet();
                }
                done.countDown();
                next[0].run();
            });
        };
        for (int c = 0; c < w.inFlight; c++) {
            next[0].run();
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("run did not finish");
        }
        long wall = System.nanoTime() - start;
        return new Run(n, failed.get(), wall, processCpuNanos() - cpuBefore, cpuNanos(sled) - sledCpuBefore, latencies);
    }

    private static List<UUID> randomIds(int vmms, int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Set<UUID> ids = new LinkedHashSet<>();
        while (ids.size() < count) {
            ids.add(BenchSled.vmmId(random.nextInt(vmms)));
        }
        return List.copyOf(ids);
    }

    private static void print(Map<String, Map<Implementation, Totals>> totals, int rounds) {
        System.out.printf("%nJVM %s, %d CPUs; totals over %d alternating rounds after warm-up%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), rounds);
        System.out.printf("%-10s %-6s %9s %9s %11s %9s %9s %8s %8s %7s%n", "workload", "client", "req/s", "vs JDK",
                "cpu ms/req", "vs JDK", "sled ms", "p50 ms", "p99 ms", "failed");
        totals.forEach((workload, byImpl) -> {
            Totals jdk = byImpl.get(Implementation.JDK);
            byImpl.forEach((impl, t) -> System.out.printf("%-10s %-6s %9.0f %8.2fx %11.3f %8.2fx %9.3f %8.2f %8.2f %7d%n",
                    workload, impl, t.perSecond(), t.perSecond() / jdk.perSecond(), t.clientCpuMs(),
                    t.clientCpuMs() / jdk.clientCpuMs(), t.sledCpuMs(), t.latencyMs(0.5), t.latencyMs(0.99), t.failed));
        });
    }

    private static Process startSled(int vmms) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BenchSled.class.getName(), Integer.toString(vmms))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String awaitReady(Process sled) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(sled.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the child's stdout from filling up
                        }
                    } catch (IOException e) {
                        // child gone
                    }
                }, "bench-sled-stdout");
                drain.setDaemon(true);
                drain.start();
                return line.substring("READY ".length()).strip();
            }
        }
        throw new IllegalStateException("bench sled exited before it was ready");
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
