package dev.doorbell.bench.report;

import dev.doorbell.bench.stack.PhaseCost;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one scenario run reports.
 *
 * @param scenario the scenario's name ({@code latency}, {@code burst}, ...), also the results directory's prefix
 * @param intro    markdown after the title: what was measured and how
 * @param settings the run's settings
 * @param phases   the measured phases, in run order
 * @param idle     the stack's cost with nothing to do (null if not measured)
 * @param tables   further tables
 * @param charts   further plots
 */
public record ScenarioReport(String scenario, String intro, Map<String, Object> settings, List<PhaseResult> phases, PhaseCost idle,
                             List<Table> tables, List<ChartFile> charts) {

    public ScenarioReport {
        Objects.requireNonNull(scenario, "scenario");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        phases = List.copyOf(phases);
        tables = List.copyOf(tables);
        charts = List.copyOf(charts);
    }
}
