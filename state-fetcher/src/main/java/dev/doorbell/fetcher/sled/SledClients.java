package dev.doorbell.fetcher.sled;

import java.util.Objects;

/** Builds the {@link SledClient} a {@link SledClientConfig} names. */
public final class SledClients {
    private SledClients() {
    }

    /** @return a started client; the caller closes it */
    public static SledClient create(SledClientConfig config) {
        Objects.requireNonNull(config, "config");
        return switch (config.implementation()) {
            case JDK -> new JdkSledClient(config);
            case JETTY -> new JettySledClient(config);
        };
    }
}
