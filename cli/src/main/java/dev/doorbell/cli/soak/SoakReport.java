package dev.doorbell.cli.soak;

import dev.doorbell.bench.report.Plots;
import dev.doorbell.reconciler.audit.AuditText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * A soak's report: {@code report.md} (settings, kills, deaths and restarts, the final audit, memory and lag per
 * process) and its plots ({@code memory.png}: resident set and heap per process over time; {@code lag.png}).
 */
public final class SoakReport {

    private static final double MB = 1024.0 * 1024.0;

    private SoakReport() {
    }

    /** Writes the report into a new directory {@code soak-<timestamp>} under {@code out}; returns it. */
    public static Path write(SoakResult result, Path out, String machine) throws IOException {
        Path dir = Files.createDirectories(out.resolve("soak-" + Instant.now().toString().replace(":", "").replace("-", "")
                .substring(0, 15)));
        Files.writeString(dir.resolve("report.md"), markdown(result, machine));
        Plots.save(dir.resolve("memory.png"), List.of(
                chart("resident set (MB)", result, s -> toMb(s.residentBytes())),
                chart("heap in use (MB)", result, s -> toMb(s.heapBytes()))), 2);
        List<double[]> seconds = List.of(seconds(result), seconds(result));
        List<double[]> lags = List.of(result.samples().stream().mapToDouble(SoakSample::fetcherLag).toArray(),
                result.samples().stream().mapToDouble(SoakSample::reconcilerLag).toArray());
        Plots.save(dir.resolve("lag.png"), List.of(Plots.lines("group lag over the soak", "seconds", "records not yet committed", false,
                List.of("fetchers (vmm.doorbells)", "reconcilers (vmm.states)"), seconds, lags)), 1);
        return dir;
    }

    static String markdown(SoakResult result, String machine) {
        StringBuilder md = new StringBuilder();
        SoakSettings s = result.settings();
        md.append("# Soak: ").append(s.length().toMinutes()).append(" minutes of churn with a SIGKILL every ")
                .append(s.killEvery().toSeconds()).append(" s\n\n");
        md.append(String.format(Locale.ROOT, "%s. The fleet: `doorbell up --fetchers 2 --reconcilers 2 --restart` shape, %d VMMs per sled,"
                + " %.1f changes/s per sled; samples every %d s.%n%n", machine, s.vmmsPerSled(), s.churnPerSled(), s.sampleEvery().toSeconds()));
        md.append("**Lost: ").append(result.lost()).append("** (VMMs the final audit found diverged beyond its grace).\n\n");
        md.append("Final audit: `").append(AuditText.summary(result.audit())).append("`\n\n");
        md.append("## Kills\n\n| second | process | pid |\n|---:|---|---:|\n");
        result.kills().forEach(k -> md.append("| ").append(k.second()).append(" | ").append(k.process()).append(" | ").append(k.pid()).append(" |\n"));
        md.append("\nWhat the fleet reported:\n\n```\n");
        result.notices().forEach(n -> md.append(n).append('\n'));
        md.append("```\n\n## Memory per process (MB)\n\n| process | resident first | resident last | resident max | heap last | heap max |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (String process : processes(result)) {
            List<Double> resident = series(result, sample -> toMb(sample.residentBytes()).get(process));
            List<Double> heap = series(result, sample -> toMb(sample.heapBytes()).get(process));
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f |%n", process, first(resident), last(resident),
                    max(resident), last(heap), max(heap)));
        }
        md.append(String.format(Locale.ROOT, "%nLag: largest %d doorbells (fetchers), %d observations (reconcilers); at the end %d and %d.%n%n",
                result.samples().stream().mapToLong(SoakSample::fetcherLag).max().orElse(-1),
                result.samples().stream().mapToLong(SoakSample::reconcilerLag).max().orElse(-1),
                result.samples().isEmpty() ? -1 : result.samples().getLast().fetcherLag(),
                result.samples().isEmpty() ? -1 : result.samples().getLast().reconcilerLag()));
        md.append("![resident set and heap per process](memory.png)\n\n![group lag](lag.png)\n");
        return md.toString();
    }

    private static XYChart chart(String title, SoakResult result, Function<SoakSample, Map<String, Double>> values) {
        List<String> names = new ArrayList<>(processes(result));
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (String process : names) {
            List<double[]> points = result.samples().stream().filter(s -> values.apply(s).containsKey(process))
                    .map(s -> new double[] {s.second(), values.apply(s).get(process)}).toList();
            xs.add(points.stream().mapToDouble(p -> p[0]).toArray());
            ys.add(points.stream().mapToDouble(p -> p[1]).toArray());
        }
        return Plots.lines(title, "seconds", "MB", false, names, xs, ys);
    }

    private static TreeSet<String> processes(SoakResult result) {
        TreeSet<String> names = new TreeSet<>();
        result.samples().forEach(s -> names.addAll(s.residentBytes().keySet()));
        return names;
    }

    private static Map<String, Double> toMb(Map<String, ? extends Number> bytes) {
        Map<String, Double> mb = new HashMap<>();
        bytes.forEach((k, v) -> mb.put(k, v.doubleValue() / MB));
        return mb;
    }

    private static double[] seconds(SoakResult result) {
        return result.samples().stream().mapToDouble(SoakSample::second).toArray();
    }

    private static List<Double> series(SoakResult result, Function<SoakSample, Double> value) {
        return result.samples().stream().map(value).filter(Objects::nonNull).toList();
    }

    private static double first(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.getFirst();
    }

    private static double last(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.getLast();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
