package dev.doorbell.schemas;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Names the place a JSON-pointer location (as Avro's {@code SchemaCompatibility} reports it, e.g.
 * {@code /fields/7/type/0/fields/0/type}) points to in a schema, as a dotted field path such as
 * {@code outcome[SledVmmState].vmm_state}. Best effort: where the pointer does not fit the schema the path
 * stops at the last step that did.
 */
public final class SchemaLocation {

    private SchemaLocation() {
    }

    /** The field path that {@code pointer} names in {@code schema}; empty for the root. */
    public static String describe(Schema schema, String pointer) {
        Objects.requireNonNull(schema, "schema");
        StringBuilder path = new StringBuilder();
        Schema current = schema;
        String[] tokens = pointer == null ? new String[0] : pointer.split("/");
        for (int i = 0; i < tokens.length && current != null; i++) {
            String token = tokens[i];
            switch (token) {
                case "" -> { }
                case "fields" -> {
                    Integer index = indexAt(tokens, i + 1);
                    if (index == null || current.getType() != Schema.Type.RECORD || index >= current.getFields().size()) {
                        return path.toString();
                    }
                    Schema.Field field = current.getFields().get(index);
                    if (!path.isEmpty()) {
                        path.append('.');
                    }
                    path.append(field.name());
                    current = field.schema();
                    i++;
                }
                case "type" -> { } // the field's schema, already stepped into
                case "items" -> {
                    path.append("[]");
                    current = current.getType() == Schema.Type.ARRAY ? current.getElementType() : null;
                }
                case "values" -> {
                    path.append("{}");
                    current = current.getType() == Schema.Type.MAP ? current.getValueType() : null;
                }
                case "symbols", "name", "size" -> {
                    path.append(path.isEmpty() ? "" : " ").append('(').append(token).append(')');
                    current = null;
                }
                default -> {
                    Integer index = indexAt(tokens, i);
                    if (index == null || current.getType() != Schema.Type.UNION || index >= current.getTypes().size()) {
                        return path.toString();
                    }
                    current = current.getTypes().get(index);
                    path.append('[').append(current.getName()).append(']');
                }
            }
        }
        return path.toString();
    }

    private static Integer indexAt(String[] tokens, int i) {
        if (i >= tokens.length) {
            return null;
        }
        try {
            return Integer.parseInt(tokens[i]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
