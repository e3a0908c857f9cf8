package dev.doorbell.sledsim;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.regex.Pattern;

/** Optional body of {@code POST /vmms/{id}/fault}: the failure reason, {@code [a-z0-9_]{1,64}}. */
public record FaultRequest(@JsonProperty(value = "reason", required = true) String reason) {
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

    public FaultRequest {
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("reason must match [a-z0-9_]{1,64}");
        }
    }
}
