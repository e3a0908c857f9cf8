package dev.doorbell.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.doorbell.assembly.StageHistogram;
import dev.doorbell.bench.stack.Component;
import dev.doorbell.bench.stack.DeliveryMode;
import dev.doorbell.bench.stack.JvmWork;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.PipelineCounters;
import dev.doorbell.bench.stack.StageLatency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes a {@link ScenarioReport} into a directory: {@code report.md} (the results table, CPU per
 * component per change, cost at rest, further tables, plots, settings; the bench's polled latency next to the
 * pipeline's own stage histograms, {@link #LATENCY_METHOD}), {@code results.json} (the same figures) and PNG plots: a latency CDF per mode ({@code cdf-<mode>.png}), latency over time
 * per mode ({@code over-time-<mode>.png}) and the scenario's further charts.
 */
public final class ReportWriter {

    /** How CPU time is measured, as the report states it. */
    public static final String CPU_METHOD = """
            CPU time per component: the broker, registry and PostgreSQL are processes, measured as user+system time of the \
            process and all its descendants from /proc/<pid>/stat (ended children included through cutime/cstime; 10 ms \
            ticks), PostgreSQL without the backend of the bench's own polling connection (counted as bench). The reconciler, \
            fetcher, gateway and sleds run inside the bench JVM, each started on a thread of its own thread group, so every \
            thread it creates lands in that group whatever its name; their figure is the per-thread CPU time (ThreadMXBean) \
            of the group's threads, sampled every 250 ms (a thread that ends loses at most its last 250 ms). sleds includes the \
            thread that makes each change and sends its notification (ring or PUT). jvm-other is the JVM's process CPU time \
            minus every group: garbage collection, JIT compilation and threads outside the groups. Of that, JIT compilation and GC \
            are also given on their own: JIT compile ms is the growth of CompilationMXBean.getTotalCompilationTime() over the \
            phase (compiler threads' elapsed time), GC ms and GCs the growth of every GarbageCollectorMXBean's collection time \
            and count (elapsed, not CPU, time: pauses and concurrent cycles as the collector reports them). Figures include the drain \
            after each phase and whatever runs at rest (see the at-rest table); "total above rest" subtracts the at-rest \
            rate over the phase's wall time.""";

    /** The results table's columns of the pipeline's own histograms, stage by stage. */
    static final String RING_TO_EMIT_COLUMN = "fetcher ring→emitted p50 / p99 ms";
    static final String CHANGE_TO_COMMIT_COLUMN = "reconciler change→commit p50 / p99 ms";
    static final String RING_TO_COMMIT_COLUMN = "reconciler ring→commit p50 / p99 ms";
    static final String PUBLISH_TO_COMMIT_COLUMN = "reconciler published→commit p50 / p99 ms";

    /** What the path table's figures are. */
    static final String PATH_METHOD = """
            The path table splits the doorbell's ring→commit where its parts can be told apart, from the fetcher's and the \
            reconciler's own histograms (bucket upper bounds, read at the phase's ends like the columns above): ring→fetch \
            started is a VMM's first doorbell to the start of the sled request that fetches it (the ring's produce, the \
            broker, the doorbell's wait for the stream thread's round); sled request is that request until its answer \
            reaches the HTTP client's thread (`doorbell.fetcher.sled.request.latency`, per request); fetch started→answer \
            handled adds the answer's wait for the stream thread's round (`doorbell.fetcher.fetch.latency`, per request); \
            ring→emitted ends when the observation is handed to the producer; published→commit starts there (the record's \
            timestamp) and ends at the reconciler's commit; transaction is the reconciler's database transaction that \
            ends it, per batch (`doorbell.reconciler.apply.latency`: taking the connection, screening, the guarded writes, \
            the instance updates, the commit). A median of a sum is not the sum of medians, so the columns \
            bound each part rather than add up. The means table gives each stage's exact mean (from the meters' count and \
            sum of every value, not the buckets), which do add up: ring→emitted and published→commit make ring→commit (which \
            counts only the observations a doorbell caused, each VMM's newest per committed batch), so a stage that got \
            shorter can be followed to the end. End to end is the bench's own figure, its database poll included.""";

    /** What the latency figures are, as the report states it. */
    public static final String LATENCY_METHOD = """
            Latency (p50 ... max ms): the bench's own, the same way in every mode: from the state change's `time_updated` on the \
            sled to the first poll of the reconciler's database (every %s ms) that finds that generation or a newer one; it \
            includes up to one polling interval, and every change made counts once. The reconciler's change→commit and \
            ring→commit columns come from its own histograms (`doorbell.reconciler.change.to.commit.latency` and \
            `doorbell.reconciler.ring.to.commit.latency`, the ones its `/metrics` serves and the status lines read), read at \
            the start and the end of the phase (drain included): from the sled's `time_updated`, or from the first doorbell \
            that caused the fetch, to the commit of the batch that applied it, with no polling in it. They are bucket upper \
            bounds ("at most"), they count each VMM's newest state once per committed batch (not every change), and they \
            see only what the reconciler's consumer applies from `vmm.states`: doorbell, upcall-body (change→commit only: no \
            doorbell caused it) and watcher-only, never direct-upcall, which writes straight to the database (– where the \
            histogram recorded nothing, and on rows that are a share of a phase). The fetcher's ring→emitted column comes \
            from its `doorbell.fetcher.ring.to.emit.latency` histogram, read the same way: from a VMM's first doorbell to its \
            observation handed to the producer (doorbell and watcher-only only); against ring→commit it tells whether a tail \
            forms before the observation leaves the fetcher or between `vmm.states` and the database. The reconciler's \
            published→commit column (`doorbell.reconciler.publish.to.commit.latency`, read the same way) starts at the \
            observation record's timestamp, when the fetcher (doorbell, watcher-only) or the gateway (upcall-body) handed it \
            to its producer: the second hop alone, the producer's linger, the broker and the reconciler's batch.""";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<Component> CPU_COLUMNS = List.of(Component.values());

    private ReportWriter() {}

    /** @return the files written */
    public static List<Path> write(Path dir, ScenarioReport report) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<String> images = new ArrayList<>();
        Map<DeliveryMode, List<PhaseResult>> byMode = new LinkedHashMap<>();
        report.phases().forEach(p -> byMode.computeIfAbsent(p.mode(), k -> new ArrayList<>()).add(p));
        List<Path> plots = new ArrayList<>();
        for (Map.Entry<DeliveryMode, List<PhaseResult>> e : byMode.entrySet()) {
            String mode = e.getKey().wireName();
            List<Plots.Series> cdf = new ArrayList<>();
            List<Plots.Series> overTime = new ArrayList<>();
            for (PhaseResult p : e.getValue()) {
                cdf.add(new Plots.Series(p.label(), new double[0], p.samples().sortedMillis()));
                double[] at = p.samples().seenAtEpochMs().clone();
                for (int i = 0; i < at.length; i++) {
                    at[i] = (at[i] - p.startEpochMs()) / 1000.0;
                }
                overTime.add(new Plots.Series(p.label(), at, p.samples().millis()));
            }
            plots.add(Plots.save(dir.resolve("cdf-" + mode + ".png"),
                    List.of(Plots.cdf(report.scenario() + ": latency CDF, " + mode, cdf)), 1));
            images.add("![" + mode + " latency CDF](cdf-" + mode + ".png)");
            plots.add(Plots.save(dir.resolve("over-time-" + mode + ".png"),
                    List.of(Plots.overTime(report.scenario() + ": latency over time, " + mode, overTime)), 1));
            images.add("![" + mode + " latency over time](over-time-" + mode + ".png)");
        }
        for (ChartFile chart : report.charts()) {
            plots.add(Plots.save(dir.resolve(chart.name() + ".png"), chart.charts(), chart.columns()));
            images.add("![" + chart.caption() + "](" + chart.name() + ".png)");
        }
        written.add(Files.writeString(dir.resolve("report.md"), markdown(report, images)));
        written.add(dir.resolve("results.json"));
        JSON.writeValue(dir.resolve("results.json").toFile(), json(report));
        written.addAll(plots);
        return written;
    }

    /** The main table: one row per phase. */
    public static String resultsTable(List<PhaseResult> phases) {
        List<String> extraColumns = new ArrayList<>();
        phases.forEach(p -> p.extra().keySet().stream().filter(k -> !extraColumns.contains(k)).forEach(extraColumns::add));
        List<String> columns = new ArrayList<>(List.of("mode", "phase", "changes/s", "made", "measured", "not seen", "p50 ms", "p99 ms",
                "p99.9 ms", "max ms", RING_TO_EMIT_COLUMN, CHANGE_TO_COMMIT_COLUMN, RING_TO_COMMIT_COLUMN, PUBLISH_TO_COMMIT_COLUMN, "fetches / change", "sled GETs / change", "CPU ms / change", "cores busy",
                "final state wrong / checked"));
        columns.addAll(extraColumns);
        List<List<Object>> rows = new ArrayList<>();
        for (PhaseResult p : phases) {
            double[] sorted = p.samples().sortedMillis();
            List<Object> row = new ArrayList<>(List.of(p.mode().wireName(), p.label(), num(p.rate(), 0), p.made(), p.measured(),
                    p.notSeen(), num(PhaseResult.quantile(sorted, 0.5), 1), num(PhaseResult.quantile(sorted, 0.99), 1),
                    num(PhaseResult.quantile(sorted, 0.999), 1), num(PhaseResult.quantile(sorted, 1.0), 1),
                    pair(p.stageLatency().ringToEmit()), pair(p.stageLatency().changeToCommit()), pair(p.stageLatency().ringToCommit()),
                    pair(p.stageLatency().publishToCommit()),
                    num(p.fetchesPerChange(), 3), num(p.sledGetsPerChange(), 3), num(p.cpuTotalPerChange(), 3),
                    num(p.cost().coresBusy(), 2), p.mismatches() + " / " + p.checked()));
            for (String c : extraColumns) {
                row.add(cell(p.extra().get(c)));
            }
            rows.add(row);
        }
        return markdownTable(columns, rows);
    }

    /**
     * CPU milliseconds per change, one column per component, and (with {@code idle}) the total above
     * what the stack spends at rest over the same time.
     */
    public static String cpuTable(List<PhaseResult> phases, PhaseCost idle) {
        List<String> columns = new ArrayList<>(List.of("mode", "phase"));
        CPU_COLUMNS.forEach(c -> columns.add(c.wireName()));
        columns.add("total");
        if (idle != null) {
            columns.add("total above rest");
        }
        columns.addAll(List.of("JIT compile ms / change", "GC ms / change", "GCs in phase"));
        List<List<Object>> rows = new ArrayList<>();
        for (PhaseResult p : phases) {
            List<Object> row = new ArrayList<>(List.of(p.mode().wireName(), p.label()));
            CPU_COLUMNS.forEach(c -> row.add(num(p.cpuPerChange(c), 3)));
            row.add(num(p.cpuTotalPerChange(), 3));
            if (idle != null) {
                row.add(num(aboveRest(p, idle), 3));
            }
            Optional<JvmWork> jvm = p.cost().jvm();
            row.add(jvm.map(j -> num(PhaseCost.perChange(j.jitMillis(), p.made()), 3)).orElse("–"));
            row.add(jvm.map(j -> num(PhaseCost.perChange(j.gcMillis(), p.made()), 3)).orElse("–"));
            row.add(jvm.<Object>map(JvmWork::gcCount).orElse("–"));
            rows.add(row);
        }
        return markdownTable(columns, rows);
    }

    /** @return CPU ms per change beyond the at-rest rate over the phase's wall time (NaN without CPU figures) */
    static double aboveRest(PhaseResult p, PhaseCost idle) {
        if (p.cost().cpu().nanos().isEmpty() || idle.wall().isZero()) {
            return Double.NaN;
        }
        double restMillis = idle.cpu().totalMillis() / idle.wall().toNanos() * p.cost().wall().toNanos();
        return PhaseCost.perChange(p.cost().cpu().totalMillis() - restMillis, p.made());
    }

    static String markdown(ScenarioReport report, List<String> images) {
        StringBuilder out = new StringBuilder("# doorbell bench ").append(report.scenario()).append("\n\n");
        out.append(report.intro().strip()).append("\n\n");
        if (!report.phases().isEmpty()) {
            out.append(String.format(Locale.ROOT, LATENCY_METHOD, report.settings().getOrDefault("poll_interval_ms", "?")))
                    .append(" Fetches and sled GETs are counted by the fetcher's meters and the sleds' `/metrics` (a batched "
                    + "`POST /vmms/states` counts as one GET). Final state: each VMM changed in the phase, checked after the "
                    + "drain by `doorbell audit`'s audit (the one the demo and the chaos suite use: the reconciler's read API "
                    + "against every sled's own answer) with no grace: any difference counts, as does a VMM with no row or on "
                    + "a sled the audit could not ask.\n\n");
            out.append("## Results\n\n").append(resultsTable(report.phases())).append('\n');
            pathTable(report.phases()).ifPresent(t -> {
                appendTable(out, t);
                pathMeansTable(report.phases()).ifPresent(means -> appendTable(out, means));
                out.append(PATH_METHOD).append("\n\n");
            });
            out.append("## CPU milliseconds per state change, by component\n\n").append(cpuTable(report.phases(), report.idle()))
                    .append('\n');
            out.append(CPU_METHOD).append("\n\n");
            List<Table> profile = ProfileTables.forPhases(report.phases());
            profile.forEach(t -> appendTable(out, t));
            if (!profile.isEmpty()) {
                out.append(ProfileTables.METHOD).append("\n\n");
            }
        }
        if (report.idle() != null) {
            out.append("## At rest: CPU milliseconds per second, by component\n\n").append(idleTable(report.idle())).append('\n');
            if (report.settings().containsKey("at_rest_jit_settle")) {
                out.append("Before this window the bench ").append(report.settings().get("at_rest_jit_settle")).append(".\n\n");
            }
            ProfileTables.atRest(report.idle()).forEach(t -> appendTable(out, t));
        }
        if (report.settings().containsKey("mode_order")) {
            out.append("## Run order and warm-up\n\n");
            out.append("Warm-up: ").append(report.settings().getOrDefault("warmup", "none")).append(".\n\n");
            out.append("Mode order (").append(report.settings().getOrDefault("mode_order_rule", "as given")).append("):\n\n");
            if (report.settings().get("mode_order") instanceof Map<?, ?> order) {
                order.forEach((rate, modes) -> out.append("- ").append(rate).append(": ")
                        .append(modes instanceof List<?> l ? String.join(", ", l.stream().map(Object::toString).toList()) : modes)
                        .append('\n'));
            }
            out.append('\n');
        }
        report.tables().forEach(t -> appendTable(out, t));
        if (!images.isEmpty()) {
            out.append("## Plots\n\n");
            images.forEach(i -> out.append(i).append('\n'));
            out.append('\n');
        }
        out.append("## Settings\n\n");
        report.settings().forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }

    private static void appendTable(StringBuilder out, Table t) {
        out.append("## ").append(t.title()).append("\n\n").append(markdownTable(t.columns(), t.rows())).append('\n');
    }

    private static String idleTable(PhaseCost idle) {
        double seconds = idle.wall().toNanos() / 1e9;
        List<String> columns = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        for (Component c : CPU_COLUMNS) {
            columns.add(c.wireName());
            row.add(num(idle.cpu().millis(c) / seconds, 1));
        }
        columns.add("total");
        row.add(num(idle.cpu().totalMillis() / seconds, 1));
        columns.addAll(List.of("JIT compile ms/s", "GC ms/s", "GCs"));
        Optional<JvmWork> jvm = idle.jvm();
        row.add(jvm.map(j -> num(j.jitMillis() / seconds, 1)).orElse("–"));
        row.add(jvm.map(j -> num(j.gcMillis() / seconds, 1)).orElse("–"));
        row.add(jvm.<Object>map(JvmWork::gcCount).orElse("–"));
        return markdownTable(columns, List.of(row));
    }

    static Map<String, Object> json(ScenarioReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", report.scenario());
        doc.put("settings", report.settings());
        doc.put("cpu_method", CPU_METHOD);
        doc.put("profile_method", ProfileTables.METHOD);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PhaseResult p : report.phases()) {
            double[] sorted = p.samples().sortedMillis();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("mode", p.mode().wireName());
            row.put("phase", p.label());
            row.put("rate", finite(p.rate()));
            row.put("changes_made", p.made());
            row.put("changes_measured", p.measured());
            row.put("not_seen_applied", p.notSeen());
            row.put("p50_ms", finite(PhaseResult.quantile(sorted, 0.5)));
            row.put("p99_ms", finite(PhaseResult.quantile(sorted, 0.99)));
            row.put("p999_ms", finite(PhaseResult.quantile(sorted, 0.999)));
            row.put("max_ms", finite(PhaseResult.quantile(sorted, 1.0)));
            row.put("fetcher_histogram", fetcherLatency(p.stageLatency()));
            row.put("reconciler_histogram", reconcilerLatency(p.stageLatency()));
            row.put("fetches_per_change", finite(p.fetchesPerChange()));
            row.put("sled_gets_per_change", finite(p.sledGetsPerChange()));
            row.put("counters", counters(p.cost().counters()));
            row.put("cpu_ms_per_change", cpu(p.cost(), p.made()));
            row.put("jvm", jvm(p.cost().jvm(), p.made()));
            row.put("cpu_ms_total_per_change", finite(p.cpuTotalPerChange()));
            if (report.idle() != null) {
                row.put("cpu_ms_per_change_above_rest", finite(aboveRest(p, report.idle())));
            }
            row.put("cpu_ms", cpu(p.cost(), 1));
            row.put("cores_busy", finite(p.cost().coresBusy()));
            row.put("wall_ms", p.cost().wall().toMillis());
            row.put("final_state_checked", p.checked());
            row.put("final_state_mismatches", p.mismatches());
            p.extra().forEach((k, v) -> row.put(k, v instanceof Double d ? finite(d) : v));
            rows.add(row);
        }
        doc.put("results", rows);
        if (report.idle() != null) {
            Map<String, Object> idle = new LinkedHashMap<>();
            idle.put("wall_ms", report.idle().wall().toMillis());
            idle.put("cpu_ms", cpu(report.idle(), 1));
            idle.put("jvm", jvm(report.idle().jvm(), 0));
            doc.put("at_rest", idle);
        }
        Map<String, Object> tables = new LinkedHashMap<>();
        List<Table> all = new ArrayList<>(pathTable(report.phases()).stream().toList());
        pathMeansTable(report.phases()).ifPresent(all::add);
        all.addAll(ProfileTables.forPhases(report.phases()));
        all.addAll(ProfileTables.atRest(report.idle()));
        all.addAll(report.tables());
        for (Table t : all) {
            List<Map<String, Object>> tableRows = new ArrayList<>();
            for (List<Object> r : t.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < t.columns().size(); i++) {
                    m.put(t.columns().get(i), r.get(i) instanceof Double d ? finite(d) : r.get(i));
                }
                tableRows.add(m);
            }
            tables.put(t.key(), tableRows);
        }
        doc.put("tables", tables);
        return doc;
    }

    private static Map<String, Object> fetcherLatency(StageLatency r) {
        return latencies(r, true);
    }

    private static Map<String, Object> reconcilerLatency(StageLatency r) {
        return latencies(r, false);
    }

    private static Map<String, Object> latencies(StageLatency r, boolean fetcher) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (StageHistogram h : StageHistogram.values()) {
            if (h.fetcher() == fetcher) {
                putStage(m, h.wireName(), r.of(h));
            }
        }
        return m;
    }

    /** The doorbell's path stage by stage: one row per phase whose fetcher emitted observations; empty if none did. */
    static Optional<Table> pathTable(List<PhaseResult> phases) {
        return pathTable(phases, "path_stages", "The doorbell's path, stage by stage: p50 / p99 ms",
                ReportWriter::pair,
                sorted -> num(PhaseResult.quantile(sorted, 0.5), 1) + " / " + num(PhaseResult.quantile(sorted, 0.99), 1));
    }

    /**
     * The doorbell's path stage by stage as exact means (the percentiles are bucket bounds): ring → emitted and
     * published → commit add up to about ring → commit, so a stage that got shorter can be followed to the end.
     */
    static Optional<Table> pathMeansTable(List<PhaseResult> phases) {
        return pathTable(phases, "path_means", "The doorbell's path, stage by stage: mean ms", s -> num(s.mean(), 2),
                sorted -> num(Arrays.stream(sorted).average().orElse(Double.NaN), 2));
    }

    private static Optional<Table> pathTable(List<PhaseResult> phases, String name, String title, Function<StageLatency.Stage, String> stage,
                                             Function<double[], String> endToEnd) {
        List<List<Object>> rows = new ArrayList<>();
        for (PhaseResult p : phases) {
            StageLatency s = p.stageLatency();
            if (s.ringToEmit().count() == 0) {
                continue;
            }
            rows.add(List.of(p.mode().wireName(), p.label(), stage.apply(s.of(StageHistogram.RING_TO_START)),
                    stage.apply(s.of(StageHistogram.SLED_REQUEST)), stage.apply(s.of(StageHistogram.FETCH)), stage.apply(s.ringToEmit()),
                    stage.apply(s.publishToCommit()), stage.apply(s.of(StageHistogram.TRANSACTION)), stage.apply(s.ringToCommit()),
                    endToEnd.apply(p.samples().sortedMillis())));
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Table(name, title,
                List.of("mode", "phase", "ring→fetch started", "sled request", "fetch started→answer handled", "ring→emitted",
                        "published→commit", "transaction (per batch)", "ring→commit", "end to end"), rows));
    }

    private static void putStage(Map<String, Object> m, String name, StageLatency.Stage stage) {
        m.put(name + "_count", stage.count());
        m.put(name + "_p50_ms", finite(stage.p50()));
        m.put(name + "_p99_ms", finite(stage.p99()));
        m.put(name + "_mean_ms", finite(stage.mean()));
    }

    private static Map<String, Object> counters(PipelineCounters c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fetches", c.fetches());
        m.put("fetcher_requests", c.fetcherRequests());
        m.put("rings_consumed", c.ringsConsumed());
        m.put("observations_emitted", c.observations());
        m.put("sled_gets", c.sled().gets());
        m.put("sled_batch_posts", c.sled().batches());
        m.put("sled_requests_refused", c.sled().refused());
        m.put("sweep_rings", c.sweepRings());
        m.put("sweeps", c.sweeps());
        return m;
    }

    /** JIT and GC figures of a phase (totals, and per change when {@code changes} is positive); nulls when not measured. */
    private static Map<String, Object> jvm(Optional<JvmWork> work, long changes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jit_compile_ms", work.map(JvmWork::jitMillis).orElse(null));
        m.put("gc_count", work.map(JvmWork::gcCount).orElse(null));
        m.put("gc_ms", work.map(JvmWork::gcMillis).orElse(null));
        if (changes > 0) {
            m.put("jit_compile_ms_per_change", work.map(j -> finite(PhaseCost.perChange(j.jitMillis(), changes))).orElse(null));
            m.put("gc_ms_per_change", work.map(j -> finite(PhaseCost.perChange(j.gcMillis(), changes))).orElse(null));
        }
        return m;
    }

    private static Map<String, Object> cpu(PhaseCost cost, long per) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Component c : CPU_COLUMNS) {
            m.put(c.wireName(), finite(cost.cpuMillisPerChange(c, per)));
        }
        return m;
    }

    static String markdownTable(List<String> columns, List<List<Object>> rows) {
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
        out.append("---|".repeat(columns.size())).append('\n');
        for (List<Object> row : rows) {
            out.append("| ");
            for (int i = 0; i < row.size(); i++) {
                out.append(i > 0 ? " | " : "").append(cell(row.get(i)));
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "–";
        }
        if (value instanceof Double d) {
            return num(d, 3);
        }
        return value.toString().replace("|", "\\|"); // a thread name such as "kafka-producer-network-thread | id"
    }

    /** @return the stage's "p50 / p99" with one decimal, or "–" when neither is known */
    static String pair(StageLatency.Stage stage) {
        return Double.isNaN(stage.p50()) && Double.isNaN(stage.p99()) ? "–" : num(stage.p50(), 1) + " / " + num(stage.p99(), 1);
    }

    /** @return {@code v} with {@code decimals} decimals, or "–" for NaN */
    public static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
