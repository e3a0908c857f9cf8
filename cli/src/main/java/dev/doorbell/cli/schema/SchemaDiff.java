package dev.doorbell.cli.schema;

import dev.doorbell.cli.schema.FieldChange.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The field-level differences between two schemas: fields added and removed (with type and default), type
 * changes, default changes, enum symbols added and removed, union branches. Paths follow
 * {@link dev.doorbell.schemas.SchemaLocation}: {@code outcome[SledVmmState].vmm_state.failure_reason}. A named type
 * is compared once, where it first appears; documentation is ignored.
 */
public final class SchemaDiff {

    private final List<FieldChange> changes = new ArrayList<>();
    private final Set<String> compared = new HashSet<>();

    private SchemaDiff() {
    }

    /** What changed from {@code older} to {@code newer}, in schema order; empty when nothing did. */
    public static List<FieldChange> between(Schema older, Schema newer) {
        SchemaDiff diff = new SchemaDiff();
        diff.compare("", older, newer);
        return List.copyOf(diff.changes);
    }

    private void compare(String path, Schema older, Schema newer) {
        if (older.getType() == newer.getType()) {
            switch (older.getType()) {
                case RECORD -> {
                    if (firstVisit(path, older, newer)) {
                        compareFields(path, older, newer);
                    }
                    return;
                }
                case ENUM -> {
                    if (firstVisit(path, older, newer)) {
                        compareSymbols(path, older, newer);
                    }
                    return;
                }
                case UNION -> {
                    compareBranches(path, older, newer);
                    return;
                }
                case ARRAY -> {
                    compare(path + "[]", older.getElementType(), newer.getElementType());
                    return;
                }
                case MAP -> {
                    compare(path + "{}", older.getValueType(), newer.getValueType());
                    return;
                }
                case FIXED -> {
                    if (older.getFixedSize() != newer.getFixedSize()) {
                        changes.add(new FieldChange(Kind.CHANGED, path, "fixed size " + older.getFixedSize() + " → " + newer.getFixedSize()));
                    }
                }
                default -> { }
            }
        }
        String before = AvroTypeText.of(older);
        String after = AvroTypeText.of(newer);
        if (!before.equals(after)) {
            changes.add(new FieldChange(Kind.CHANGED, path, before + " → " + after));
        }
    }

    private boolean firstVisit(String path, Schema older, Schema newer) {
        if (!older.getFullName().equals(newer.getFullName())) {
            changes.add(new FieldChange(Kind.CHANGED, path, "renamed " + older.getFullName() + " → " + newer.getFullName()));
        }
        return compared.add(older.getFullName() + "→" + newer.getFullName());
    }

    private void compareFields(String path, Schema older, Schema newer) {
        for (Schema.Field field : older.getFields()) {
            if (newer.getField(field.name()) == null) {
                changes.add(new FieldChange(Kind.REMOVED, join(path, field.name()), declaration(field)));
            }
        }
        for (Schema.Field field : newer.getFields()) {
            Schema.Field before = older.getField(field.name());
            String fieldPath = join(path, field.name());
            if (before == null) {
                changes.add(new FieldChange(Kind.ADDED, fieldPath, declaration(field)));
                continue;
            }
            String oldDefault = before.hasDefaultValue() ? AvroTypeText.ofDefault(before.defaultVal()) : "(none)";
            String newDefault = field.hasDefaultValue() ? AvroTypeText.ofDefault(field.defaultVal()) : "(none)";
            if (!oldDefault.equals(newDefault)) {
                changes.add(new FieldChange(Kind.CHANGED, fieldPath, "default " + oldDefault + " → " + newDefault));
            }
            compare(fieldPath, before.schema(), field.schema());
        }
    }

    private void compareSymbols(String path, Schema older, Schema newer) {
        String where = path.isEmpty() ? older.getName() : path;
        for (String symbol : newer.getEnumSymbols()) {
            if (!older.getEnumSymbols().contains(symbol)) {
                changes.add(new FieldChange(Kind.ADDED, where, "enum " + newer.getName() + " symbol " + symbol));
            }
        }
        for (String symbol : older.getEnumSymbols()) {
            if (!newer.getEnumSymbols().contains(symbol)) {
                changes.add(new FieldChange(Kind.REMOVED, where, "enum " + older.getName() + " symbol " + symbol));
            }
        }
        if (!Objects.equals(older.getEnumDefault(), newer.getEnumDefault())) {
            changes.add(new FieldChange(Kind.CHANGED, where, "enum " + newer.getName() + " default "
                    + older.getEnumDefault() + " → " + newer.getEnumDefault()));
        }
    }

    private void compareBranches(String path, Schema older, Schema newer) {
        Map<String, Schema> before = branches(older);
        Map<String, Schema> after = branches(newer);
        if (!before.keySet().equals(after.keySet())) {
            changes.add(new FieldChange(Kind.CHANGED, path, AvroTypeText.of(older) + " → " + AvroTypeText.of(newer)));
        }
        before.forEach((key, branch) -> {
            Schema counterpart = after.get(key);
            if (counterpart != null) {
                boolean named = branch.getType() == Schema.Type.RECORD || branch.getType() == Schema.Type.ENUM
                        || branch.getType() == Schema.Type.FIXED;
                compare(named ? path + "[" + branch.getName() + "]" : path, branch, counterpart);
            }
        });
    }

    private static Map<String, Schema> branches(Schema union) {
        Map<String, Schema> branches = new LinkedHashMap<>();
        for (Schema branch : union.getTypes()) {
            branches.put(branch.getFullName(), branch);
        }
        return branches;
    }

    private static String declaration(Schema.Field field) {
        return AvroTypeText.of(field.schema())
                + (field.hasDefaultValue() ? " = " + AvroTypeText.ofDefault(field.defaultVal()) : " (no default)");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
