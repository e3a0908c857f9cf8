package dev.doorbell.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts (XChart, PNG). */
public final class Plots {

    /** A named series of latencies: ascending for a CDF, or with the times they were seen for a plot over time. */
    record Series(String name, double[] x, double[] y) {}

    private static final int MAX_POINTS = 2_000;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private Plots() {}

    /** @return a latency CDF, one line per series of ascending latencies (ms), log x */
    static XYChart cdf(String title, List<Series> sortedLatencies) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("time_updated -> applied in the database (ms)").yAxisTitle("fraction of changes").build();
        chart.getStyler().setMarkerSize(0);
        boolean any = false;
        for (Series s : sortedLatencies) {
            double[] sorted = s.y();
            if (sorted.length == 0) {
                continue;
            }
            int points = Math.min(sorted.length, MAX_POINTS);
            double[] x = new double[points];
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                int index = (int) Math.max(0, Math.min(sorted.length - 1, Math.round((double) (i + 1) * sorted.length / points) - 1));
                x[i] = Math.max(sorted[index], 0.001);
                y[i] = (double) (index + 1) / sorted.length;
            }
            chart.addSeries(s.name() + " (n=" + sorted.length + ")", x, y).setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (any) {
            chart.getStyler().setXAxisLogarithmic(true);
        } else {
            chart.addSeries("nothing measured", new double[] {1}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** @return latency (ms, log y) against seconds since the phase started, one scatter per series */
    static XYChart overTime(String title, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("seconds since the phase started (when the change was seen applied)")
                .yAxisTitle("time_updated -> applied (ms)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        boolean any = false;
        for (Series s : series) {
            int n = s.x().length;
            if (n == 0) {
                continue;
            }
            int points = Math.min(n, MAX_POINTS * 2);
            double[] x = new double[points];
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                int index = (int) ((long) i * n / points);
                x[i] = s.x()[index];
                y[i] = Math.max(s.y()[index], 0.001);
            }
            chart.addSeries(s.name() + " (n=" + n + ")", x, y);
            any = true;
        }
        if (any) {
            chart.getStyler().setYAxisLogarithmic(true);
        } else {
            chart.addSeries("nothing measured", new double[] {0}, new double[] {1});
        }
        return chart;
    }

    /** @return a line chart of {@code series} (x, y) with the given axis titles; log x when {@code logX} */
    public static XYChart lines(String title, String xTitle, String yTitle, boolean logX, List<String> names, List<double[]> xs,
                                List<double[]> ys) {
        XYChart chart = new XYChartBuilder().width(WIDTH / 2 + 100).height(HEIGHT / 2 + 60).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        boolean any = false;
        for (int i = 0; i < names.size(); i++) {
            if (xs.get(i).length > 0) {
                chart.addSeries(names.get(i), xs.get(i), ys.get(i)).setMarker(SeriesMarkers.CIRCLE);
                any = true;
            }
        }
        if (!any) {
            chart.addSeries("nothing measured", new double[] {1}, new double[] {0});
        }
        chart.getStyler().setXAxisLogarithmic(logX && any);
        return chart;
    }

    /** Saves {@code charts} as one PNG, {@code columns} per row. */
    public static Path save(Path file, List<XYChart> charts, int columns) throws IOException {
        String base = file.toString().substring(0, file.toString().length() - ".png".length());
        if (charts.size() == 1) {
            BitmapEncoder.saveBitmap(charts.getFirst(), base, BitmapEncoder.BitmapFormat.PNG);
        } else {
            int rows = (charts.size() + columns - 1) / columns;
            BitmapEncoder.saveBitmap(charts, rows, columns, base, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }
}
