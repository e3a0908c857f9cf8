package dev.doorbell.chaos.rehearsal;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.sledsim.NotifyMode;
import java.util.List;
import java.util.Set;

/**
 * The sled-agent software of the three releases of the rollout (omicron issue #10290): how the sled
 * tells the control plane about a change, and which versions of its state API it serves.
 */
public enum SledRelease {
    /** The state-bearing upcall to the gateway; the state API in 1.0.0 only. */
    R19(Set.of(ApiVersion.V1), NotifyMode.UPCALL_BODY),
    /** A body-less doorbell through Kafka; the state API in 1.0.0 and 2.0.0 ({@code failure_reason}). */
    R20(Set.of(ApiVersion.V1, ApiVersion.V2), NotifyMode.DOORBELL_KAFKA),
    /** The doorbell; the state API in 2.0.0 only. */
    R21(Set.of(ApiVersion.V2), NotifyMode.DOORBELL_KAFKA);

    private final Set<ApiVersion> apiVersions;
    private final NotifyMode notifyMode;

    SledRelease(Set<ApiVersion> apiVersions, NotifyMode notifyMode) {
        this.apiVersions = apiVersions;
        this.notifyMode = notifyMode;
    }

    public Set<ApiVersion> apiVersions() {
        return apiVersions;
    }

    /** The versions as a sled registers them in the directory, oldest first. */
    public List<String> apiVersionNames() {
        return apiVersions.stream().sorted().map(ApiVersion::toString).toList();
    }

    public NotifyMode notifyMode() {
        return notifyMode;
    }

    /** Whether this release's state API can say why a VMM failed. */
    public boolean speaksFailureReason() {
        return apiVersions.contains(ApiVersion.V2);
    }
}
