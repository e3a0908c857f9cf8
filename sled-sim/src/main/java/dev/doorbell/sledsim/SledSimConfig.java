package dev.doorbell.sledsim;

import dev.doorbell.model.ApiVersion;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Everything one simulated sled process needs, validated on construction.
 *
 * @param host           address to bind ({@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port           HTTP port; 0 picks a free one
 * @param sledId         the sled's id
 * @param apiVersions    the state API versions it speaks (e.g. only 1.0.0 for an old release); as a dropshot
 *                       server it answers every known version up to the newest of these
 * @param stepping       auto or explicit stepping
 * @param stepDelay      delay between automatic steps (default 1.5 s)
 * @param retention      terminal retention: how long a {@code destroyed} or {@code failed} VMM stays
 *                       readable, unchanged (default 10 minutes; 0 forgets it at once, as omicron's
 *                       sled-agent does); part of the sled API contract Doorbell proposes, see {@link SledApi}
 * @param notifyMode     how it notifies
 * @param gatewayUrl     the gateway's base URL, required for {@code upcall-body} and {@code doorbell-http}
 * @param vmms           VMMs the load driver creates at start (0: none, no load driver)
 * @param churnPerSecond state changes per second the load driver makes (0: just create the VMMs)
 */
public record SledSimConfig(String host, int port, UUID sledId, Set<ApiVersion> apiVersions, SteppingMode stepping,
                            Duration stepDelay, Duration retention, NotifyMode notifyMode, URI gatewayUrl,
                            int vmms, double churnPerSecond) {

    public static final Duration DEFAULT_STEP_DELAY = Duration.ofMillis(1_500);
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(10);

    public SledSimConfig {
        Objects.requireNonNull(host, "host");
        requirePort(port);
        Objects.requireNonNull(sledId, "sledId");
        apiVersions = Set.copyOf(apiVersions);
        requireKnownVersions(apiVersions);
        Objects.requireNonNull(stepping, "stepping");
        if (stepDelay.isNegative() || retention.isNegative()) {
            throw new IllegalArgumentException("durations must be >= 0");
        }
        Objects.requireNonNull(notifyMode, "notifyMode");
        if (notifyMode.needsGateway() && gatewayUrl == null) {
            throw new IllegalArgumentException("notify mode " + notifyMode.flagName() + " needs a gateway URL");
        }
        requireLoad(vmms, churnPerSecond);
    }

    private static void requirePort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
    }

    /** At least one version, each one this code knows. */
    private static void requireKnownVersions(Set<ApiVersion> apiVersions) {
        if (apiVersions.isEmpty()) {
            throw new IllegalArgumentException("at least one api version");
        }
        for (ApiVersion v : apiVersions) {
            if (!ApiVersion.KNOWN.contains(v)) {
                throw new IllegalArgumentException("unknown api version " + v + "; known: " + ApiVersion.KNOWN);
            }
        }
    }

    private static void requireLoad(int vmms, double churnPerSecond) {
        if (vmms < 0 || churnPerSecond < 0 || Double.isNaN(churnPerSecond)) {
            throw new IllegalArgumentException("vmms and churn must be >= 0");
        }
    }

    /** Loopback, a free port, a random id, both versions, auto stepping, no notifications, no load. */
    public static SledSimConfig defaults() {
        return new SledSimConfig("127.0.0.1", 0, UUID.randomUUID(), Set.copyOf(ApiVersion.KNOWN), SteppingMode.AUTO,
                DEFAULT_STEP_DELAY, DEFAULT_RETENTION, NotifyMode.NONE, null, 0, 0);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public SledSimConfig withApiVersions(Set<ApiVersion> versions) {
        return toBuilder().apiVersions(versions).build();
    }

    public SledSimConfig withStepping(SteppingMode mode, Duration delay) {
        return toBuilder().stepping(mode, delay).build();
    }

    public SledSimConfig withRetention(Duration value) {
        return toBuilder().retention(value).build();
    }

    public SledSimConfig withNotify(NotifyMode mode, URI gateway) {
        return toBuilder().notify(mode, gateway).build();
    }

    public SledSimConfig withLoad(int vmmCount, double churn) {
        return toBuilder().load(vmmCount, churn).build();
    }

    public SledSimConfig withPort(int value) {
        return toBuilder().port(value).build();
    }

    /** Every field settable by name; {@link #build()} validates as the constructor does. Not thread-safe. */
    public static final class Builder {
        private String host;
        private int port;
        private UUID sledId;
        private Set<ApiVersion> apiVersions;
        private SteppingMode stepping;
        private Duration stepDelay;
        private Duration retention;
        private NotifyMode notifyMode;
        private URI gatewayUrl;
        private int vmms;
        private double churnPerSecond;

        private Builder(SledSimConfig from) {
            host = from.host;
            port = from.port;
            sledId = from.sledId;
            apiVersions = from.apiVersions;
            stepping = from.stepping;
            stepDelay = from.stepDelay;
            retention = from.retention;
            notifyMode = from.notifyMode;
            gatewayUrl = from.gatewayUrl;
            vmms = from.vmms;
            churnPerSecond = from.churnPerSecond;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder sledId(UUID value) {
            sledId = value;
            return this;
        }

        public Builder apiVersions(Set<ApiVersion> value) {
            apiVersions = value;
            return this;
        }

        /** How VMMs move through their lifecycle, and (auto) how long each step takes. */
        public Builder stepping(SteppingMode mode, Duration delay) {
            stepping = mode;
            stepDelay = delay;
            return this;
        }

        public Builder retention(Duration value) {
            retention = value;
            return this;
        }

        /** How the sled tells the control plane about changes; {@code gateway} for the HTTP modes. */
        public Builder notify(NotifyMode mode, URI gateway) {
            notifyMode = mode;
            gatewayUrl = gateway;
            return this;
        }

        /** VMMs the sled creates itself, and changes per second it makes to them. */
        public Builder load(int vmmCount, double churn) {
            vmms = vmmCount;
            churnPerSecond = churn;
            return this;
        }

        public SledSimConfig build() {
            return new SledSimConfig(host, port, sledId, apiVersions, stepping, stepDelay, retention, notifyMode, gatewayUrl, vmms,
                    churnPerSecond);
        }
    }
}
