package dev.doorbell.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where chaos scenarios put their results: one JSON file per scenario under
 * {@code chaos/target/chaos-results/}, overwritten by the scenario's next run.
 * {@link ChaosReportListener} turns them into the chaos table of {@code docs/CHAOS.md} when the test run ends.
 */
public final class ChaosReport {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ChaosReport() {
    }

    /** Writes (or replaces) {@code scenario}'s row. */
    public static void record(String scenario, String fault, int vmms, long stateChanges, Duration timeToConverge, long lost) {
        ChaosRow row = new ChaosRow(scenario, fault, vmms, stateChanges, timeToConverge.toMillis(), lost, Instant.now(),
                Runtime.getRuntime().availableProcessors());
        write(resultsDirectory(), row);
    }

    static void write(Path directory, ChaosRow row) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(fileName(row.scenario()));
            Path partial = directory.resolve(file.getFileName() + ".tmp");
            JSON.writeValue(partial.toFile(), row);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row in {@code directory}, in scenario order. */
    static List<ChaosRow> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<ChaosRow> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                rows.add(JSON.readValue(file.toFile(), ChaosRow.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.sort(Comparator.comparingInt(ChaosRow::number).thenComparing(ChaosRow::scenario));
        return rows;
    }

    /** {@code target/chaos-results} of this module (Surefire says where {@code target} is). */
    static Path resultsDirectory() {
        return buildDirectory().resolve("chaos-results");
    }

    static Path buildDirectory() {
        String build = System.getProperty("doorbell.build.directory");
        return build != null ? Path.of(build) : Path.of(System.getProperty("user.dir"), "target");
    }

    static String fileName(String scenario) {
        String slug = scenario.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return (slug.isEmpty() ? "scenario" : slug) + ".json";
    }
}
