package dev.doorbell.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table of a report beyond the standard ones, written to {@code report.md} and {@code results.json}.
 *
 * @param key     its name in {@code results.json}
 * @param title   its heading in {@code report.md}
 * @param columns column headings
 * @param rows    values, one list per row, in column order (numbers, strings or null)
 */
public record Table(String key, String title, List<String> columns, List<List<Object>> rows) {

    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " values for " + columns.size() + " columns");
            }
        }
    }
}
