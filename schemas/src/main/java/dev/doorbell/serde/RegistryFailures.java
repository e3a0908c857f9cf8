package dev.doorbell.serde;

import dev.doorbell.registry.RegistryException;
import dev.doorbell.registry.RegistryUnreachableException;

/** Turns a registry failure met while (de)serializing into the serde's exception for it. */
final class RegistryFailures {

    private RegistryFailures() {
    }

    static AvroSerdeException translate(String what, RegistryException e) {
        return e instanceof RegistryUnreachableException
                ? new RegistryUnavailableException(what + ": schema registry unavailable: " + e.getMessage(), e)
                : new RegistryRejectedException(what + ": schema registry refused: " + e.getMessage(), e);
    }
}
