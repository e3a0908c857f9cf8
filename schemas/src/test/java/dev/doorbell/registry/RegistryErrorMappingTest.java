package dev.doorbell.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Error answers become typed exceptions, and a registry that does not answer becomes
 * {@link RegistryUnreachableException} within the timeouts. A canned HTTP server stands in for answers the real
 * registry cannot be made to give through this client (it only sends parseable schemas) and for silence.
 */
class RegistryErrorMappingTest {

    private static final Schema SCHEMA = Schema.create(Schema.Type.STRING);

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final HttpServer server = start();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status;
    private volatile String body;

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                if (exchange.getRequestURI().getPath().startsWith("/silent")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            http.setExecutor(handlers);
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private SchemaRegistryClient client(String path, Duration requestTimeout) {
        return new SchemaRegistryClient(new RegistryConfig(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), Duration.ofSeconds(2), requestTimeout));
    }

    private RegistryException answer(int status, String body) {
        this.status = status;
        this.body = body;
        try (SchemaRegistryClient client = client("", Duration.ofSeconds(5))) {
            client.register("s-value", SCHEMA);
            throw new AssertionError("no exception");
        } catch (RegistryException e) {
            return e;
        }
    }

    @Test
    void errorCodesMapToTypes() {
        assertThat(answer(409, "{\"error_code\":409,\"message\":\"incompatible: field foo\"}"))
                .isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("field foo");
        assertThat(answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThat(answer(404, "{\"error_code\":40402,\"message\":\"Version not found\"}"))
                .isInstanceOf(VersionNotFoundException.class);
        assertThat(answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThat(answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("42201");
        assertThat(answer(500, "boom"))
                .isInstanceOf(RegistryException.Unexpected.class).hasMessageContaining("500").hasMessageContaining("boom");
    }

    @Test
    void silentRegistryTimesOut() {
        status = 200;
        body = "{\"id\":1}";
        try (SchemaRegistryClient client = client("/silent", Duration.ofMillis(300))) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(RegistryUnreachableException.class)
                    .hasMessageContaining("unreachable");
        }
    }

    @Test
    void nothingListeningIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of("http://127.0.0.1:" + closedPort))) {
            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryUnreachableException.class);
        }
    }
}
