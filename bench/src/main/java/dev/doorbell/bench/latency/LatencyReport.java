package dev.doorbell.bench.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a latency run's {@code report.md} (one table: mode, rate, p50/p99/p99.9/max, changes
 * measured), {@code results.json} (the same figures and the run's settings) and one PNG latency
 * CDF per mode ({@code cdf-<mode>.png}, a series per rate) into a directory.
 */
public final class LatencyReport {

    private static final int MAX_CDF_POINTS = 2_000;

    private LatencyReport() {}

    /** @return the files written */
    public static List<Path> write(Path dir, Map<String, Object> settings, List<LatencyResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve("report.md"), markdown(settings, results)));
        written.add(writeJson(dir.resolve("results.json"), settings, results));
        Map<LatencyMode, List<LatencyResult>> byMode = new LinkedHashMap<>();
        for (LatencyResult r : results) {
            byMode.computeIfAbsent(r.mode(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<LatencyMode, List<LatencyResult>> e : byMode.entrySet()) {
            written.add(cdf(dir.resolve("cdf-" + e.getKey().wireName() + ".png"), e.getKey(), e.getValue()));
        }
        return written;
    }

    /** The report's table, one row per result. */
    public static String table(List<LatencyResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| mode | changes/s offered | changes made | changes measured | not seen applied | p50 ms | p99 ms | p99.9 ms | max ms |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (LatencyResult r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s | %s | %s |%n", r.mode().wireName(), r.rate(),
                    r.offered(), r.measured(), r.unmeasured(), ms(r.quantile(0.5)), ms(r.quantile(0.99)), ms(r.quantile(0.999)),
                    ms(r.max())));
        }
        return out.toString();
    }

    static String markdown(Map<String, Object> settings, List<LatencyResult> results) {
        StringBuilder out = new StringBuilder("# doorbell bench latency\n\n");
        out.append("Latency: from the state change's `time_updated` on the sled to the first poll (every ")
                .append(settings.getOrDefault("poll_interval_ms", "?"))
                .append(" ms, `SELECT id, state_generation FROM vmm WHERE id = ANY(?)`) that finds the reconciler's database "
                        + "holding that generation (or a newer one); it includes up to one polling interval.\n\n");
        out.append("Settings:\n\n");
        settings.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        out.append('\n').append(table(results)).append('\n');
        for (LatencyMode mode : results.stream().map(LatencyResult::mode).distinct().toList()) {
            out.append("![").append(mode.wireName()).append(" latency CDF](cdf-").append(mode.wireName()).append(".png)\n");
        }
        return out.toString();
    }

    private static Path writeJson(Path file, Map<String, Object> settings, List<LatencyResult> results) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LatencyResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("mode", r.mode().wireName());
            row.put("rate", r.rate());
            row.put("changes_made", r.offered());
            row.put("changes_measured", r.measured());
            row.put("not_seen_applied", r.unmeasured());
            row.put("p50_ms", finite(r.quantile(0.5)));
            row.put("p99_ms", finite(r.quantile(0.99)));
            row.put("p999_ms", finite(r.quantile(0.999)));
            row.put("max_ms", finite(r.max()));
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", "latency");
        doc.put("settings", settings);
        doc.put("results", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
        return file;
    }

    private static Path cdf(Path file, LatencyMode mode, List<LatencyResult> results) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title("latency CDF: " + mode.wireName())
                .xAxisTitle("time_updated -> applied in the database (ms)").yAxisTitle("fraction of changes").build();
        chart.getStyler().setMarkerSize(0);
        boolean any = false;
        for (LatencyResult r : results) {
            double[] sorted = r.latencyMillis();
            if (sorted.length == 0) {
                continue;
            }
            int points = Math.min(sorted.length, MAX_CDF_POINTS);
            double[] x = new double[points];
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                int index = (int) Math.min(sorted.length - 1, Math.round((double) (i + 1) * sorted.length / points) - 1);
                x[i] = Math.max(sorted[Math.max(0, index)], 0.001);
                y[i] = (double) (Math.max(0, index) + 1) / sorted.length;
            }
            XYSeries series = chart.addSeries(r.rate() + " changes/s (n=" + sorted.length + ")", x, y);
            series.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            chart.addSeries("nothing measured", new double[] {1}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        } else {
            chart.getStyler().setXAxisLogarithmic(true);
        }
        String base = file.toString();
        BitmapEncoder.saveBitmap(chart, base.substring(0, base.length() - ".png".length()), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
