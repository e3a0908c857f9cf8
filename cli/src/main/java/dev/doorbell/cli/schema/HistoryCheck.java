package dev.doorbell.cli.schema;

import dev.doorbell.registry.CompatibilityCheck;
import dev.doorbell.registry.RegistryException;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.registry.SubjectVersion;
import dev.doorbell.schemas.CompatibilityGate;
import dev.doorbell.schemas.CompatibilityViolation;
import dev.doorbell.schemas.PortableSchema;
import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.schemas.SchemaVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * {@code doorbell schema check}: every local version against the registry subject of the history's name, at
 * the level the registry applies to it, plus the build's {@link CompatibilityGate} over the local history.
 * The registry must already hold the subject: a CI gate runs against the registry production uses.
 */
public final class HistoryCheck {

    private final SchemaRegistryClient registry;
    private final RegistryCatalog catalog;
    private final CompatibilityGate gate;

    public HistoryCheck(SchemaRegistryClient registry, RegistryCatalog catalog, CompatibilityGate gate) {
        this.registry = registry;
        this.catalog = catalog;
        this.gate = gate;
    }

    /** Checks every history; the report holds one line per passed check and one per incompatibility. */
    public CheckReport check(List<SchemaHistory> histories) {
        List<String> passed = new ArrayList<>();
        List<String> incompatible = new ArrayList<>();
        for (SchemaHistory history : histories) {
            checkLocally(history, passed, incompatible);
            checkAgainstRegistry(history, passed, incompatible);
        }
        return new CheckReport(passed, incompatible);
    }

    private void checkLocally(SchemaHistory history, List<String> passed, List<String> incompatible) {
        List<CompatibilityViolation> violations = gate.check(history);
        if (violations.isEmpty()) {
            passed.add(history.subject() + " v1.." + history.newest().label()
                    + ": local history FULL_TRANSITIVE-compatible");
        }
        violations.forEach(v -> incompatible.add("local gate: " + v.describe()));
    }

    private void checkAgainstRegistry(SchemaHistory history, List<String> passed, List<String> incompatible) {
        String subject = history.subject();
        List<Integer> numbers = SubjectListing.versionsOf(registry, catalog, subject);
        SubjectLevel level = catalog.levelOf(registry, subject);
        List<SubjectVersion> registered = null;
        for (SchemaVersion version : history.versions()) {
            Schema schema = PortableSchema.of(version.schema());
            CompatibilityCheck verdict = registry.testCompatibility(subject, schema);
            String name = subject + " " + version.label();
            if (verdict.compatible()) {
                passed.add(name + ": compatible with registry subject at " + level.describe() + registration(subject, schema));
                continue;
            }
            if (registered == null) {
                registered = numbers.stream().map(n -> registry.version(subject, n)).toList();
            }
            // Registries differ in what they say (Apicurio: nothing); Avro's own check names field and rule.
            String says = verdict.messages().isEmpty() ? ""
                    : " (registry: " + RegistryCatalog.oneLine(String.join("; ", verdict.messages())) + ")";
            List<String> reasons = RegistryDisagreement.explain(version, registered, level.level());
            if (reasons.isEmpty()) {
                incompatible.add(name + " rejected by registry at " + level.describe() + ": "
                        + (says.isEmpty() ? "no reason given" : says.strip()));
            }
            for (String reason : reasons) {
                incompatible.add(name + " rejected by registry at " + level.describe() + ": " + reason + says);
            }
        }
    }

    private String registration(String subject, Schema schema) {
        try {
            return "; registered as id " + registry.lookup(subject, schema);
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return "; not registered yet";
            }
            throw e;
        }
    }
}
