package dev.doorbell.testkit;

import dev.doorbell.servers.ApicurioRegistry;

/** {@link RegistryServer} over an Apicurio Registry process; closing stops it. */
record ProcessRegistryServer(ApicurioRegistry registry) implements RegistryServer, AutoCloseable {

    @Override
    public String ccompatUrl() {
        return registry.ccompatUrl();
    }

    @Override
    public String coreV3Url() {
        return registry.coreV3Url();
    }

    @Override
    public void close() {
        registry.close();
    }
}
