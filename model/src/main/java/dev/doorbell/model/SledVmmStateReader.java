package dev.doorbell.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Objects;

/**
 * Parses a {@link SledVmmState} exactly as one API version shapes it, for input that must be
 * rejected unless it is well-formed: e.g. the gateway's {@code ignore-body} upcall mode, whose
 * body must be a valid 1.0.0 {@code SledVmmState}. Unknown or missing fields, bad enum values,
 * non-UUID ids, non-RFC 3339 timestamps, generations below 1, and (before 2.0.0)
 * {@code failure_reason} are all rejected. Thread-safe.
 */
public final class SledVmmStateReader {
    private final ObjectMapper strict;
    private final ApiVersion version;

    public SledVmmStateReader(ApiVersion version) {
        this.version = Objects.requireNonNull(version, "version");
        this.strict = Json.strictMapper();
    }

    /**
     * @return the parsed state
     * @throws InvalidSledVmmStateException with a client-presentable message if the body does not
     *     parse in this version's shape
     */
    public SledVmmState read(byte[] body) {
        try {
            JsonNode tree = strict.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new InvalidSledVmmStateException("body must be a JSON object");
            }
            JsonNode vmmState = tree.get("vmm_state");
            if (!version.supportsFailureReason() && vmmState != null && vmmState.has("failure_reason")) {
                throw new InvalidSledVmmStateException(
                        "vmm_state.failure_reason does not exist in api version " + version);
            }
            return strict.treeToValue(tree, SledVmmState.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSledVmmStateException("not a valid " + version + " SledVmmState: " + JsonFaults.describe(e));
        } catch (IOException e) {
            throw new InvalidSledVmmStateException("unreadable body");
        }
    }

    /** The body is not a valid {@code SledVmmState}; the message is safe to show a client. */
    public static final class InvalidSledVmmStateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidSledVmmStateException(String message) {
            super(message);
        }
    }
}
