package dev.doorbell.sledsim.bench;

import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Measures (does not assert) a sled's {@code GET /vmms/{id}/state} latency: one sled holding
 * {@code vmms} VMMs, then {@code warmup} + {@code gets} sequential GETs of random VMMs over one
 * JDK HttpClient connection, api-version 2.0.0. Prints p50/p90/p99/p99.9/max and the heap the
 * VMMs take. Usage: {@code GetLatencyBench [vmms=100000] [gets=20000] [warmup=5000]}.
 */
public final class GetLatencyBench {
    private GetLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int vmms = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int gets = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;

        SledSimConfig config = SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO);
        try (SledSimulator sim = SledSimulator.start(config, null)) {
            long heapBefore = usedHeap();
            List<UUID> ids = new ArrayList<>(vmms);
            for (int i = 0; i < vmms; i++) {
                UUID id = UUID.randomUUID();
                sim.sled().ensure(id, EnsureRequest.of(UUID.randomUUID()));
                sim.sled().request(id, StateRequest.of(RequestedState.RUNNING));
                sim.sled().poke(id);
                ids.add(id);
            }
            long heapAfter = usedHeap();
            System.out.printf("sled holds %,d VMMs; heap for them ~%,d MiB (%,d bytes/VMM)%n", sim.sled().size(),
                    (heapAfter - heapBefore) >> 20, (heapAfter - heapBefore) / Math.max(1, vmms));

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Random random = new Random(1);
            run(client, sim.baseUrl(), ids, random, warmup);
            long[] nanos = run(client, sim.baseUrl(), ids, random, gets);
            Arrays.sort(nanos);
            System.out.printf("GET /vmms/{id}/state, %,d sequential requests after %,d warm-up: "
                            + "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                    gets, warmup, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), ms(nanos, 0.999),
                    nanos[nanos.length - 1] / 1e6);
            System.out.printf("JVM %s, %d CPUs%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        }
    }

    private static long[] run(HttpClient client, String base, List<UUID> ids, Random random, int n) throws Exception {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            UUID id = ids.get(random.nextInt(ids.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/vmms/" + id + "/state"))
                    .header("api-version", "2.0.0").GET().build();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET answered " + response.statusCode());
            }
        }
        return nanos;
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
