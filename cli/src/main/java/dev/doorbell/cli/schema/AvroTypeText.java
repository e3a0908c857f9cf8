package dev.doorbell.cli.schema;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * Compact Avro JSON for diffs: named types by name (their contents are diffed separately), everything else as
 * the schema would spell it, e.g. {@code ["null","string"]} or {@code {"type":"long","logicalType":"timestamp-micros"}}.
 */
final class AvroTypeText {

    private AvroTypeText() {
    }

    static String of(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> quote(schema.getName());
            case UNION -> schema.getTypes().stream().map(AvroTypeText::of).collect(Collectors.joining(",", "[", "]"));
            case ARRAY -> "{\"type\":\"array\",\"items\":" + of(schema.getElementType()) + "}";
            case MAP -> "{\"type\":\"map\",\"values\":" + of(schema.getValueType()) + "}";
            default -> {
                LogicalType logical = schema.getLogicalType();
                yield logical == null ? quote(schema.getName())
                        : "{\"type\":" + quote(schema.getName()) + ",\"logicalType\":" + quote(logical.getName()) + "}";
            }
        };
    }

    /** A field's default as JSON. */
    static String ofDefault(Object value) {
        if (value == null || value == JsonProperties.NULL_VALUE) {
            return "null";
        }
        if (value instanceof CharSequence text) {
            return quote(text.toString());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AvroTypeText::ofDefault).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> quote(String.valueOf(e.getKey())) + ":" + ofDefault(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return String.valueOf(value);
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
