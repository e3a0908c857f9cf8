package dev.doorbell.testkit;

import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link RegistryServer} into test constructors and methods: one Apicurio Registry process
 * per test JVM, started on first use and stopped when the JVM's tests end. Its log is under
 * {@code target/doorbell-servers/}.
 */
public final class RegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RegistryServer.class;
    }

    @Override
    public RegistryServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("registry",
                key -> new ProcessRegistryServer(ApicurioRegistry.start(
                        ApicurioRegistryConfig.inMemory(TestDirectories.newDirectory("registry")))),
                ProcessRegistryServer.class);
    }
}
