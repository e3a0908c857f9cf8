package dev.doorbell.cli.schema;

import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.schemas.SchemaVersion;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code doorbell schema diff vX vY}: the {@link SchemaDiff} of two versions of a local history, as lines. */
public final class HistoryDiff {

    private static final Pattern LABEL = Pattern.compile("v?([1-9][0-9]*)");

    private HistoryDiff() {
    }

    /** {@code v2} or {@code 2} → 2. */
    public static int versionNumber(String label) {
        Matcher m = LABEL.matcher(label.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version: '" + label + "' (want vN, e.g. v1)");
        }
        return Integer.parseInt(m.group(1));
    }

    /** One line per change, each prefixed {@code v1 → v2: }; one line saying so when nothing changed. */
    public static List<String> lines(SchemaHistory history, int from, int to) {
        SchemaVersion older = version(history, from);
        SchemaVersion newer = version(history, to);
        String prefix = older.label() + " → " + newer.label() + ": ";
        List<FieldChange> changes = SchemaDiff.between(older.schema(), newer.schema());
        if (changes.isEmpty()) {
            return List.of(prefix + "no field-level changes");
        }
        return changes.stream().map(c -> prefix + c.describe()).toList();
    }

    private static SchemaVersion version(SchemaHistory history, int number) {
        if (number > history.versions().size()) {
            throw new SchemaGovernanceFailure(history.subject() + " has no v" + number
                    + " (newest is " + history.newest().label() + ")");
        }
        return history.versions().get(number - 1);
    }
}
