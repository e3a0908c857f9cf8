package dev.doorbell.cli.bench;

import dev.doorbell.bench.burst.BurstBench;
import dev.doorbell.bench.latency.LatencyBench;
import dev.doorbell.bench.mixed.MixedBench;
import dev.doorbell.bench.scale.ScaleBench;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code doorbell bench} without a scenario: every scenario at its small size, one after the other
 * on one set of servers, each written to its own {@code <out>/<scenario>-<timestamp>/}.
 */
final class BenchSuite {

    private BenchSuite() {}

    /** @return the directories written, in run order */
    static List<Path> run(AttachOptions attach, Path out, PrintWriter console) throws Exception {
        Progress progress = new Progress(console);
        List<Path> written = new ArrayList<>();
        try (BenchServers servers = attach.servers(progress)) {
            List<BenchRunner.Scenario> scenarios = List.of(
                    (s, p) -> new LatencyBench(LatencyBench.Options.small(), p).run(s),
                    (s, p) -> new BurstBench(BurstBench.Options.small(), p).run(s),
                    (s, p) -> new ScaleBench(ScaleBench.Options.small(), p).run(s),
                    (s, p) -> new MixedBench(MixedBench.Options.small(), p).run(s));
            List<String> names = List.of("latency", "burst", "scale", "mixed");
            for (int i = 0; i < scenarios.size(); i++) {
                progress.line("== scenario " + (i + 1) + " of " + scenarios.size() + ": " + names.get(i) + " (small sizes) ==");
                written.add(BenchRunner.write(out, scenarios.get(i).run(servers, progress), console));
            }
        }
        console.println("all scenarios written: " + written);
        console.flush();
        return written;
    }
}
