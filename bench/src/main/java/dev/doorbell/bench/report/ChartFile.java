package dev.doorbell.bench.report;

import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Charts saved together as one PNG, in a grid.
 *
 * @param name    file name without {@code .png}
 * @param caption the image's alt text in {@code report.md}
 * @param charts  the charts, row by row
 * @param columns charts per row
 */
public record ChartFile(String name, String caption, List<XYChart> charts, int columns) {

    public ChartFile {
        charts = List.copyOf(charts);
        if (charts.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("at least one chart and one column");
        }
    }
}
