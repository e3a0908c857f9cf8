package dev.doorbell.gateway;

/**
 * How the gateway answers the legacy state-bearing upcall {@code PUT /v1/vmms/{id}} (omicron's
 * {@code cpapi_instances_put}) during the two-release rollout.
 */
public enum UpcallMode {
    /** R19: the body's state is published as a {@code legacy-upcall-body} observation (the old behaviour, the benchmark baseline). */
    BODY("body"),
    /** R20: the body must parse as a 1.0.0 {@code SledVmmState} (else 400); it is then ignored and a doorbell is rung. */
    IGNORE_BODY("ignore-body"),
    /** R21: the upcall is gone: 410 with a problem that names the doorbell endpoint. */
    GONE("gone");

    private final String wireName;

    UpcallMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static UpcallMode fromWireName(String value) {
        for (UpcallMode mode : values()) {
            if (mode.wireName.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown upcall mode '" + value + "' (expected body, ignore-body or gone)");
    }
}
