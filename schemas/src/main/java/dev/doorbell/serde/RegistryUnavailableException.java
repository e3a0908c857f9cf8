package dev.doorbell.serde;

/** The schema registry did not answer (connect failure or timeout). Transient: retry later. */
public final class RegistryUnavailableException extends AvroSerdeException {
    RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
