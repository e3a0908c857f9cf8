package dev.doorbell.sledsim.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks JSON values against schemas of an OpenAPI 3.0 document, field by field, for the subset
 * omicron's sled-agent document uses for {@code SledVmmState}: {@code $ref} to
 * {@code #/components/schemas/...}, {@code allOf}, {@code oneOf}, {@code nullable}, objects with
 * {@code properties} and {@code required}, strings with {@code enum} and the {@code date-time} (RFC
 * 3339) and {@code uuid} formats, integers with {@code minimum} and the {@code uint64} format.
 * Anything else in a schema is a failure of the check itself, so it cannot pass by not looking.
 *
 * <p>Members a schema does not declare are allowed, as in OpenAPI without
 * {@code additionalProperties: false}; they are reported in {@link Result#undeclared()}.
 */
final class OpenApiSchemaCheck {
    private static final String REF_PREFIX = "#/components/schemas/";
    /** RFC 3339: a full date, a time with optional fraction, and a mandatory offset (Z or ±hh:mm). */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Set<String> KEYWORDS = Set.of("$ref", "nullable", "allOf", "oneOf", "type",
            "properties", "required", "enum", "format", "minimum", "description", "title");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** What a check found: violations (empty means valid) and members no schema declared, as JSON pointers. */
    record Result(List<String> violations, List<String> undeclared) {
    }

    private final JsonNode schemas;

    private OpenApiSchemaCheck(JsonNode schemas) {
        this.schemas = schemas;
    }

    /** Loads the {@code schemas} member of a vendored fragment on the test classpath. */
    static OpenApiSchemaCheck fromResource(String resource) {
        try (InputStream in = OpenApiSchemaCheck.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new OpenApiSchemaCheck(new ObjectMapper().readTree(in).get("schemas"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result check(String schemaName, JsonNode value) {
        List<String> violations = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        check(named(schemaName), value, "", violations, undeclared);
        return new Result(List.copyOf(violations), List.copyOf(undeclared));
    }

    private JsonNode named(String name) {
        JsonNode schema = schemas.get(name);
        if (schema == null) {
            throw new IllegalArgumentException("no schema " + name);
        }
        return schema;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> violations, List<String> undeclared) {
        requireSupportedKeywords(schema, at);
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith(REF_PREFIX)) {
                throw new IllegalArgumentException("unsupported $ref " + ref);
            }
            check(named(ref.substring(REF_PREFIX.length())), value, at, violations, undeclared);
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                violations.add(at + ": null, but not nullable");
            }
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            check(part, value, at, violations, undeclared);
        }
        if (schema.has("oneOf")) {
            checkOneOf(schema.get("oneOf"), value, at, violations);
        }
        if (schema.has("type")) {
            checkType(schema, value, at, violations, undeclared);
        }
    }

    /** Fails loudly on a keyword this walker does not understand, rather than passing what it cannot check. */
    private static void requireSupportedKeywords(JsonNode schema, String at) {
        for (Iterator<String> keywords = schema.fieldNames(); keywords.hasNext(); ) {
            String keyword = keywords.next();
            if (!KEYWORDS.contains(keyword)) {
                throw new IllegalArgumentException("unsupported schema keyword " + keyword + " at " + at);
            }
        }
    }

    /** Exactly one of {@code options} matches {@code value}. */
    private void checkOneOf(JsonNode options, JsonNode value, String at, List<String> violations) {
        int matching = 0;
        for (JsonNode option : options) {
            List<String> optionViolations = new ArrayList<>();
            check(option, value, at, optionViolations, new ArrayList<>());
            matching += optionViolations.isEmpty() ? 1 : 0;
        }
        if (matching != 1) {
            violations.add(at + ": " + value + " matches " + matching + " of the oneOf options, not exactly 1");
        }
    }

    private void checkType(JsonNode schema, JsonNode value, String at, List<String> violations, List<String> undeclared) {
        String type = schema.get("type").asText();
        switch (type) {
            case "object" -> checkObject(schema, value, at, violations, undeclared);
            case "string" -> checkString(schema, value, at, violations);
            case "integer" -> checkInteger(schema, value, at, violations);
            default -> throw new IllegalArgumentException("unsupported type " + type + " at " + at);
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> violations, List<String> undeclared) {
        if (!value.isObject()) {
            violations.add(at + ": not an object");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                violations.add(at + "/" + required.asText() + ": required, missing");
            }
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> members = value.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            String path = at + "/" + member.getKey();
            if (properties.has(member.getKey())) {
                check(properties.get(member.getKey()), member.getValue(), path, violations, undeclared);
            } else {
                undeclared.add(path);
            }
        }
    }

    private static void checkString(JsonNode schema, JsonNode value, String at, List<String> violations) {
        if (!value.isTextual()) {
            violations.add(at + ": " + value + " is not a string");
            return;
        }
        String text = value.asText();
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.asText().equals(text);
            }
            if (!listed) {
                violations.add(at + ": '" + text + "' not in " + schema.get("enum"));
            }
        }
        String format = schema.path("format").asText("");
        switch (format) {
            case "" -> { }
            case "date-time" -> {
                if (!RFC_3339.matcher(text).matches() || !parsesAsOffsetDateTime(text)) {
                    violations.add(at + ": '" + text + "' is not an RFC 3339 date-time");
                }
            }
            case "uuid" -> {
                try {
                    if (!UUID.fromString(text).toString().equalsIgnoreCase(text)) {
                        violations.add(at + ": '" + text + "' is not a canonical uuid");
                    }
                } catch (IllegalArgumentException e) {
                    violations.add(at + ": '" + text + "' is not a uuid");
                }
            }
            default -> throw new IllegalArgumentException("unsupported string format " + format + " at " + at);
        }
    }

    private static boolean parsesAsOffsetDateTime(String text) {
        try {
            OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void checkInteger(JsonNode schema, JsonNode value, String at, List<String> violations) {
        if (!value.isIntegralNumber()) {
            violations.add(at + ": " + value + " is not an integer");
            return;
        }
        BigInteger number = value.bigIntegerValue();
        if (schema.has("minimum") && number.compareTo(schema.get("minimum").bigIntegerValue()) < 0) {
            violations.add(at + ": " + number + " is below the minimum " + schema.get("minimum"));
        }
        String format = schema.path("format").asText("");
        switch (format) {
            case "" -> { }
            case "uint64" -> {
                if (number.signum() < 0 || number.compareTo(UINT64_MAX) > 0) {
                    violations.add(at + ": " + number + " is not a uint64");
                }
            }
            default -> throw new IllegalArgumentException("unsupported integer format " + format + " at " + at);
        }
    }
}
