package dev.doorbell.cli;

import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import picocli.CommandLine.Option;

/** Schema-registry options: any Confluent-compatible registry (Apicurio's ccompat API included). */
public final class RegistryOptions {

    /** The registry URL option's default, shared with {@link SchemaRegistryOptions}. */
    static final String DEFAULT_URL = "${env:DOORBELL_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}";
    static final String DESCRIPTION = "Confluent-compatible schema registry (env DOORBELL_REGISTRY_URL; default ${DEFAULT-VALUE}).";

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = DEFAULT_URL, description = DESCRIPTION)
    String url;

    @Option(names = "--auto-register-schemas", negatable = true, defaultValue = "false",
            description = "Register the record's schema if the subject lacks it (off where schemas are governed).")
    boolean autoRegister;

    SchemaRegistryClient client() {
        return new SchemaRegistryClient(RegistryConfig.of(url));
    }
}
