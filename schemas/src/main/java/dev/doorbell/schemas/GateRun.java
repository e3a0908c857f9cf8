package dev.doorbell.schemas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One run of the {@link CompatibilityGate} over a history root: the problems it finds, as lines for a human.
 * Besides compatibility, it checks that the version codegen compiles is the newest of its subject.
 */
public record GateRun(CompatibilityGate gate) {

    /**
     * @param root       directory holding one {@code <subject>/vN.avsc} directory per subject
     * @param codegenPins {@code subject=vN} assertions: codegen compiles {@code vN}, which must be the newest
     * @return problems, empty when the build may proceed
     */
    public List<String> problems(Path root, List<String> codegenPins) {
        List<String> problems = new ArrayList<>();
        Map<String, SchemaHistory> histories;
        try {
            histories = SchemaHistory.loadAll(root).stream()
                    .collect(Collectors.toMap(SchemaHistory::subject, Function.identity()));
        } catch (RuntimeException e) {
            return List.of(e.getMessage());
        }
        for (String pin : codegenPins) {
            String[] parts = pin.split("=", 2);
            SchemaHistory history = histories.get(parts[0]);
            if (parts.length != 2 || history == null) {
                problems.add("codegen pin '" + pin + "' does not name a subject=vN of " + histories.keySet());
            } else if (!history.newest().label().equals(parts[1])) {
                problems.add(parts[0] + ": codegen compiles " + parts[1] + " but the newest version is "
                        + history.newest().label() + " (update the pin in schemas/pom.xml)");
            }
        }
        histories.values().stream()
                .flatMap(h -> gate.check(h).stream())
                .map(CompatibilityViolation::describe)
                .forEach(problems::add);
        return problems;
    }
}
