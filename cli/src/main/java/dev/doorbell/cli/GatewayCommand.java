package dev.doorbell.cli;

import dev.doorbell.gateway.DoorbellGateway;
import dev.doorbell.gateway.KafkaUpcallBodySink;
import dev.doorbell.gateway.UpcallMode;
import dev.doorbell.http.HttpServiceConfig;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.DoorbellSource;
import dev.doorbell.producer.PublisherConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code doorbell gateway}: HTTP doorbells and the legacy upcall shim, onto Kafka. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run the doorbell gateway: POST /v1/vmms/{id}/doorbell and the legacy upcall PUT /v1/vmms/{id}.")
final class GatewayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--upcall-mode", defaultValue = "ignore-body",
            description = "body (R19), ignore-body (R20) or gone (R21) (default ${DEFAULT-VALUE}).")
    String upcallMode;

    @Option(names = "--doorbell-topic", defaultValue = DoorbellProducerConfig.DEFAULT_TOPIC, description = "Default ${DEFAULT-VALUE}.")
    String doorbellTopic;

    @Option(names = "--states-topic", defaultValue = ObservationProducerConfig.DEFAULT_TOPIC, description = "Default ${DEFAULT-VALUE}.")
    String statesTopic;

    @Override
    public Integer call() throws Exception {
        UpcallMode mode;
        try {
            mode = UpcallMode.fromWireName(upcallMode);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Lifetime lifetime = new Lifetime();
        DoorbellPublisher publisher = lifetime.open(DoorbellPublisher.toKafka(new DoorbellProducerConfig(kafka.bootstrapServers(), doorbellTopic, DoorbellProducerConfig.DEFAULT_LINGER_MS, kafka.clientOverrides()), PublisherConfig.forSource(DoorbellSource.GATEWAY)));
        ObservationPublisher observations = lifetime.open(new ObservationPublisher(
                new ObservationProducerConfig(kafka.bootstrapServers(), statesTopic, "doorbell-gateway", kafka.clientOverrides()),
                registry.client(), registry.autoRegister));
        DoorbellGateway gateway = lifetime.open(new DoorbellGateway(
                HttpServiceConfig.defaults("gateway", port).withHost(host), publisher,
                new KafkaUpcallBodySink(observations, Clock.systemUTC()), () -> mode, Duration.ofSeconds(10)).start());
        var out = spec.commandLine().getOut();
        out.printf("gateway (upcall mode %s) at %s%n", mode.wireName(), gateway.baseUrl());
        out.printf("  doorbell   POST %s/v1/vmms/{id}/doorbell%n", gateway.baseUrl());
        out.printf("  upcall     PUT  %s/v1/vmms/{id}%n", gateway.baseUrl());
        out.printf("  health     %s/health%n  metrics    %s/metrics%n", gateway.baseUrl(), gateway.baseUrl());
        out.println("Ctrl-C stops it.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }
}
