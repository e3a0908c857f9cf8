package dev.doorbell.cli.bench;

import dev.doorbell.bench.report.ReportWriter;
import dev.doorbell.bench.report.ScenarioReport;
import dev.doorbell.bench.stack.BenchServers;
import dev.doorbell.bench.stack.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** What every {@code doorbell bench} scenario does around its run: servers, the results directory, the summary. */
final class BenchRunner {

    /** One scenario run on given servers. */
    @FunctionalInterface
    interface Scenario {
        ScenarioReport run(BenchServers servers, Progress progress) throws Exception;
    }

    private BenchRunner() {}

    /** Gets the servers, runs {@code scenario} on them, writes its report under {@code out}. @return 0 */
    static int run(AttachOptions attach, Path out, PrintWriter console, Scenario scenario) throws Exception {
        Progress progress = new Progress(console);
        try (BenchServers servers = attach.servers(progress)) {
            write(out, scenario.run(servers, progress), console);
        }
        return 0;
    }

    /** Writes {@code report} to {@code out/<scenario>-<timestamp>/} and prints its table. @return that directory */
    static Path write(Path out, ScenarioReport report, PrintWriter console) throws Exception {
        Path dir = out.resolve(report.scenario() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ReportWriter.write(dir, report);
        console.println();
        console.print(ReportWriter.resultsTable(report.phases()));
        console.println("written to " + dir);
        console.flush();
        return dir;
    }
}
