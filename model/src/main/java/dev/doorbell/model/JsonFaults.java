package dev.doorbell.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Says where and how a JSON document is wrong, in words fit for a client: Jackson's own messages
 * name the Java types a document maps to, so they are never passed on.
 */
final class JsonFaults {

    private JsonFaults() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            StringBuilder at = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                at.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : Integer.toString(reference.getIndex()));
            }
            String where = at.isEmpty() ? "the document" : at.toString();
            return switch (mapping) {
                case UnrecognizedPropertyException unknown -> "unknown member at " + where;
                case InvalidFormatException format -> "invalid value at " + where;
                // a value's own constructor says what is wrong in words written for clients
                case ValueInstantiationException invalid when invalid.getCause() instanceof IllegalArgumentException cause
                        && cause.getMessage() != null -> "invalid value at " + where + ": " + cause.getMessage();
                default -> "wrong type or missing value at " + where;
            };
        }
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "malformed JSON"
                : "malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
