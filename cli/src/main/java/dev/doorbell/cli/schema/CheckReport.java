package dev.doorbell.cli.schema;

import java.util.List;

/**
 * The outcome of checking local histories against a registry.
 *
 * @param passed           one line per check that passed
 * @param incompatibilities one line per incompatibility, naming the version, the field and the rule where known
 */
public record CheckReport(List<String> passed, List<String> incompatibilities) {

    public CheckReport {
        passed = List.copyOf(passed);
        incompatibilities = List.copyOf(incompatibilities);
    }

    public boolean compatible() {
        return incompatibilities.isEmpty();
    }
}
