package dev.doorbell.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * When a test run that recorded at least one chaos row ends, renders every row in
 * {@code target/chaos-results} to {@code target/chaos-report.md}, and into the repository's
 * {@value #DOCS_FILE} only when asked with {@code -D}{@value #UPDATE_DOCS}{@code =true}: a test run never modifies
 * tracked files unless an operator asks it to. A run that recorded nothing (a unit test alone, or
 * the chaos tests excluded) leaves both alone. Registered through {@code META-INF/services}.
 */
public final class ChaosReportListener implements TestExecutionListener {

    /** The system property that lets a run rewrite the chaos table in {@value #DOCS_FILE}. */
    static final String UPDATE_DOCS = "doorbell.chaos.update-docs";

    /** The tracked file, relative to the repository's root, whose chaos table a run may rewrite. */
    static final String DOCS_FILE = "docs/CHAOS.md";

    private Instant started = Instant.now();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        started = Instant.now();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<ChaosRow> rows = ChaosReport.read(ChaosReport.resultsDirectory());
        if (rows.stream().noneMatch(r -> !r.recordedAt().isBefore(started))) {
            return;
        }
        String table = ChaosTable.render(rows);
        try {
            Files.writeString(ChaosReport.buildDirectory().resolve("chaos-report.md"), table, StandardCharsets.UTF_8);
            if (!Boolean.getBoolean(UPDATE_DOCS)) {
                return;
            }
            Path docs = repositoryRoot(ChaosReport.buildDirectory()).resolve(DOCS_FILE);
            String before = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "";
            Files.writeString(docs, ChaosTable.replaceBlock(before, table), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest directory at or above {@code from} holding {@code mvnw}. */
    static Path repositoryRoot(Path from) {
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no mvnw at or above " + from);
    }
}
