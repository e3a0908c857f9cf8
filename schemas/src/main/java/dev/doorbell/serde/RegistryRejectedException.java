package dev.doorbell.serde;

/** The schema registry refused the request, e.g. auto-registering a schema its compatibility level rejects. */
public final class RegistryRejectedException extends AvroSerdeException {
    RegistryRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
