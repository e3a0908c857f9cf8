package dev.doorbell.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("servers")
class ApicurioRegistryTest {

    @Test
    void persistentRegistryKeepsSchemasAcrossACrash(@TempDir Path dir) throws Exception {
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistryConfig.persistentIn(dir));
                HttpClient http = HttpClient.newHttpClient()) {
            String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Kept\\\",\\\"fields\\\":[]}\"}";
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                            URI.create(registry.ccompatUrl() + "/subjects/kept-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(schema)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

            registry.kill();
            assertThat(registry.isRunning()).isFalse();
            registry.start();

            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(
                    URI.create(registry.ccompatUrl() + "/subjects")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains("kept-value");
        }
    }
}
