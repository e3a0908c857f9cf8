package dev.doorbell.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith(RegistryExtension.class)
class RegistrySmokeTest {

    private static final String SCHEMA_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    @Test
    void registersASchemaAndReadsItBackById(RegistryServer registry) throws Exception {
        String subject = "smoke-" + UUID.randomUUID() + "-value";
        String avro = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Ring\\\",\\\"fields\\\":[{\\\"name\\\":\\\"vmm_id\\\",\\\"type\\\":\\\"string\\\"}]}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                            URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", SCHEMA_CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + avro + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(registered.body());
            assertThat(id.find()).as(registered.body()).isTrue();

            HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(
                            URI.create(registry.ccompatUrl() + "/schemas/ids/" + id.group(1)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
            assertThat(fetched.body()).contains("Ring").contains("vmm_id");
        }
    }

    @Test
    void exposesTheCoreV3Api(RegistryServer registry) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(registry.coreV3Url() + "/system/info"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(registry.ccompatUrl()).endsWith("/apis/ccompat/v7");
            assertThat(registry.coreV3Url()).endsWith("/apis/registry/v3");
        }
    }
}
