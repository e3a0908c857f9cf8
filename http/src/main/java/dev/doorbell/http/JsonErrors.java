package dev.doorbell.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Says what is wrong with a JSON body in words fit for a client: where (a JSON pointer, or line
 * and column) and what kind of fault. Jackson's own messages name the Java types a body maps to,
 * which a response must not reveal, so they are never passed on; only the validation message of
 * a value's own constructor is (an {@link IllegalArgumentException} is written for clients).
 */
final class JsonErrors {

    private JsonErrors() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String at = pointer(mapping);
            return switch (mapping) {
                case UnrecognizedPropertyException unknown -> "unknown member '" + unknown.getPropertyName() + "' in "
                        + parentOf(at);
                case InvalidNullException missing -> "member " + at + " must not be null";
                case InvalidFormatException format -> "invalid value for " + at;
                case ValueInstantiationException invalid when invalid.getCause() instanceof IllegalArgumentException cause
                        && cause.getMessage() != null -> "invalid value for " + at + ": " + cause.getMessage();
                default -> "wrong type or missing value for " + at;
            };
        }
        if (e instanceof ValueInstantiationException invalid && invalid.getCause() instanceof IllegalArgumentException cause
                && cause.getMessage() != null) {
            return "invalid body: " + cause.getMessage();
        }
        if (e instanceof JsonMappingException) {
            return String.valueOf(e.getOriginalMessage()).startsWith("Trailing token") ? "unexpected content after the JSON value"
                    : "the body does not have the expected shape";
        }
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "malformed JSON"
                : "malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** {@code /vmm_state/gen}, or {@code /ids/3} for array elements. */
    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : Integer.toString(reference.getIndex()));
        }
        return pointer.toString();
    }

    private static String parentOf(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "the body" : pointer.substring(0, slash);
    }
}
