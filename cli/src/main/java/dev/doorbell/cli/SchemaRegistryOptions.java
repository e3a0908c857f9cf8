package dev.doorbell.cli;

import dev.doorbell.cli.schema.RegistryCatalog;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import picocli.CommandLine.Option;

/**
 * The registry a {@code doorbell schema} command governs. Like {@link RegistryOptions} (same flag, variable and
 * default) without the serializer's auto-registration switch, which means nothing to governance.
 */
public final class SchemaRegistryOptions {

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = RegistryOptions.DEFAULT_URL, description = RegistryOptions.DESCRIPTION)
    String url;

    RegistryConfig config() {
        try {
            return RegistryConfig.of(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --registry-url '" + url + "': " + e.getMessage(), e);
        }
    }

    SchemaRegistryClient client() {
        return new SchemaRegistryClient(config());
    }

    RegistryCatalog catalog() {
        return new RegistryCatalog(config());
    }
}
