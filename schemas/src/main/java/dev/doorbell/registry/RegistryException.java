package dev.doorbell.registry;

/**
 * A schema-registry call failed. The subtypes are the outcomes a caller acts on differently: an unreachable
 * registry is worth retrying; the others are answers and will not change by asking again.
 */
public sealed class RegistryException extends RuntimeException
        permits IncompatibleSchemaException, SubjectNotFoundException, VersionNotFoundException,
        SchemaNotFoundException, InvalidSchemaException, RegistryUnreachableException,
        RegistryException.Unexpected {

    private final int status;
    private final int errorCode;

    RegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status, or 0 if there was no response. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code}, or 0 if there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** Any other error answer (e.g. 500). */
    public static final class Unexpected extends RegistryException {
        Unexpected(String message, int status, int errorCode) {
            super(message, status, errorCode, null);
        }
    }
}
