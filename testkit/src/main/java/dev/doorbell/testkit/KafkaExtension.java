package dev.doorbell.testkit;

import dev.doorbell.servers.KafkaClusterConfig;
import dev.doorbell.servers.LocalKafkaCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link KafkaCluster} (real broker processes) into test constructors and methods.
 *
 * <p>A plain {@code KafkaCluster} parameter gets the one-node cluster that every test of the JVM
 * shares: started on first use, stopped when the JVM's tests end. {@link KafkaNodes} asks for three
 * nodes or for a dedicated cluster. Data and logs are under {@code target/doorbell-servers/}.
 */
public final class KafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public KafkaCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        int nodes = parameter.findAnnotation(KafkaNodes.class).map(KafkaNodes::value).orElse(1);
        boolean dedicated = parameter.findAnnotation(KafkaNodes.class).map(KafkaNodes::dedicated).orElse(false);
        if (dedicated) {
            ExtensionContext.Store store = context.getStore(NAMESPACE);
            ProcessKafkaCluster cluster = start(nodes, "dedicated-");
            store.put(new Object(), cluster);
            return cluster;
        }
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("kafka-" + nodes, key -> start(nodes, ""), ProcessKafkaCluster.class);
    }

    private static ProcessKafkaCluster start(int nodes, String prefix) {
        var directory = TestDirectories.newDirectory(prefix + "kafka-" + nodes);
        KafkaClusterConfig config = nodes == 1 ? KafkaClusterConfig.single(directory) : KafkaClusterConfig.three(directory);
        return new ProcessKafkaCluster(LocalKafkaCluster.start(config));
    }
}
