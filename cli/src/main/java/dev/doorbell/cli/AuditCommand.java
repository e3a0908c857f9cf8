package dev.doorbell.cli;

import dev.doorbell.reconciler.audit.Audit;
import dev.doorbell.reconciler.audit.AuditJson;
import dev.doorbell.reconciler.audit.AuditReport;
import dev.doorbell.reconciler.audit.AuditSettings;
import dev.doorbell.reconciler.audit.AuditText;
import dev.doorbell.reconciler.audit.FleetView;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.read.ReadApiClient;
import dev.doorbell.reconciler.read.ReadApiException;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell audit}: the whole-fleet consistency check, wired; {@link Audit} does the work. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        header = "Check the whole fleet: compare every VMM in the database with its sled's own answer; exit 1 if any diverged.",
        description = {
            "Read every VMM from the reconciler's read API, sled by sled, and ask each sled for the same VMMs in bulk.",
            "A VMM is in sync, behind (its sled has a newer generation), gone (its sled no longer knows it while the",
            "database shows it active) or in conflict (the database ahead of its sled); behind or gone longer than",
            "--grace is diverged, and so is every conflict. A sled that cannot be asked is reported, not counted.",
            "Exit 0 when nothing diverged, 1 when something did, 2 on bad options or an unreachable reconciler."
        })
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--reconciler-url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "The reconciler's read API (default ${DEFAULT-VALUE}, as `doorbell up` runs it).")
    URI reconcilerUrl;

    @Option(names = "--grace", defaultValue = "PT10S",
            description = "How long a VMM may be behind its sled or gone from it before it counts as diverged, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--concurrency", defaultValue = "4", description = "Sleds audited at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-lines", defaultValue = "50",
            description = "Most lines printed after the summary, one per difference or unreachable sled (default ${DEFAULT-VALUE}).")
    int maxLines;

    @Option(names = "--sled-timeout", defaultValue = "PT10S",
            description = "Timeout of each bulk request to a sled, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration sledTimeout;

    @Option(names = "--json", description = "Print the report as one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        AuditSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        AuditReport report;
        try (ReadApiClient reads = new ReadApiClient(reconcilerUrl)) {
            SledStateCheck sleds = SledStateCheck.overAnyVersion(new SledAgentClient(sledTimeout, sledTimeout));
            report = new Audit(FleetView.over(reads), sleds, Clock.systemUTC(), settings).run();
        } catch (ReadApiException e) {
            spec.commandLine().getErr().println("doorbell: audit: " + e.getMessage());
            return CommandLineFactory.EXIT_USAGE;
        }
        if (json) {
            out.println(AuditJson.of(report, maxLines));
        } else {
            AuditText.lines(report, maxLines).forEach(out::println);
        }
        out.flush();
        return report.consistent() ? 0 : CommandLineFactory.EXIT_FAILURE;
    }

    private AuditSettings settings() {
        String scheme = reconcilerUrl.getScheme();
        if (reconcilerUrl.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new ParameterException(spec.commandLine(), "--reconciler-url must be an http(s) URL with a host, was " + reconcilerUrl);
        }
        if (maxLines < 0) {
            throw new ParameterException(spec.commandLine(), "--max-lines must be 0 or more, was " + maxLines);
        }
        if (concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, was " + concurrency);
        }
        if (grace.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--grace must not be negative, was " + grace);
        }
        if (sledTimeout.isNegative() || sledTimeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--sled-timeout must be positive, was " + sledTimeout);
        }
        try {
            return AuditSettings.DEFAULTS.withGrace(grace).withConcurrency(concurrency);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
