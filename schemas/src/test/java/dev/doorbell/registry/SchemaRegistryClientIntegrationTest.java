package dev.doorbell.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.schemas.SchemaHistory;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real registry (Apicurio's Confluent-compatible API). */
@Tag("servers")
@ExtendWith(RegistryExtension.class)
class SchemaRegistryClientIntegrationTest {

    private static final SchemaHistory HISTORY = SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE);
    private static final Schema INCOMPATIBLE_V3 = SchemaHistory
            .load(Path.of("src/test/resources/gate-fixtures/required-field-without-default/vmm.states-value"))
            .newest().schema();

    private final RegistryServer server;
    private final SchemaRegistryClient client;
    private final String subject = "vmm.states." + UUID.randomUUID() + "-value";

    SchemaRegistryClientIntegrationTest(RegistryServer server) {
        this.server = server;
        this.client = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void registersTheHistoryAndReadsItBack() {
        assertThat(client.setCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE))
                .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        int v1 = client.register(subject, HISTORY.versions().get(0).schema());
        int v2 = client.register(subject, HISTORY.versions().get(1).schema());

        assertThat(client.register(subject, HISTORY.versions().get(1).schema())).as("idempotent").isEqualTo(v2);
        assertThat(client.compatibility(subject)).contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.version(subject, 1)).isEqualTo(new SubjectVersion(subject, 1, v1, HISTORY.versions().get(0).schema()));
        assertThat(client.latest(subject).id()).isEqualTo(v2);
        try (SchemaRegistryClient uncached = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()))) {
            assertThat(uncached.schemaById(v2)).isEqualTo(HISTORY.newest().schema());
            assertThat(uncached.lookup(subject, HISTORY.versions().get(0).schema())).isEqualTo(v1);
        }
    }

    @Test
    void incompatibleSchemaIsRefusedWith409UnderFullTransitive() {
        client.setCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
        client.register(subject, HISTORY.versions().get(0).schema());
        client.register(subject, HISTORY.versions().get(1).schema());

        assertThat(client.testCompatibility(subject, INCOMPATIBLE_V3).compatible()).isFalse();
        assertThat(client.testCompatibility(subject, HISTORY.newest().schema()).compatible()).isTrue();
        assertThatThrownBy(() -> client.register(subject, INCOMPATIBLE_V3))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("foo");
        assertThat(client.versions(subject)).containsExactly(1, 2);
    }

    @Test
    void compatibilityCanBeChanged() {
        client.register(subject, HISTORY.versions().get(0).schema());
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        assertThat(client.compatibility(subject)).contains(CompatibilityLevel.BACKWARD);
        client.setCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.compatibility(subject)).contains(CompatibilityLevel.FULL_TRANSITIVE);
    }

    @Test
    void notFoundAnswersAreTyped() {
        assertThatThrownBy(() -> client.schemaById(987_654_321))
                .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> client.versions(subject))
                .isInstanceOfSatisfying(SubjectNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        client.register(subject, HISTORY.versions().get(0).schema());
        assertThatThrownBy(() -> client.version(subject, 9))
                .isInstanceOfSatisfying(VersionNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    }
}
