package dev.doorbell.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service with its own {@link ErrorRenderer} writes every error in that shape: handler problems,
 * route and method misses, oversized bodies, unexpected failures and requests Jetty rejects before
 * any handler runs. A service without one still answers problem+json.
 */
class ErrorRendererTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static HttpService service;

    /** A deliberately different shape: {@code {"code": status, "text": detail}} as text/x-test. */
    private static final ErrorRenderer TEST_SHAPE = new ErrorRenderer() {
        @Override
        public String contentType() {
            return "application/x-test-error";
        }

        @Override
        public byte[] body(Problem problem, ObjectMapper mapper) throws JsonProcessingException {
            return mapper.writeValueAsBytes(Map.of("code", problem.status(),
                    "text", problem.detail() == null ? problem.title() : problem.detail()));
        }
    };

    @BeforeAll
    static void start() {
        service = HttpService.builder(HttpServiceConfig.defaults("rendered", 0).withMaxRequestBodyBytes(16))
                .errorRenderer(TEST_SHAPE)
                .route("GET", "/conflict", req -> {
                    throw ProblemException.conflict("not now");
                })
                .route("GET", "/boom", req -> {
                    throw new IllegalStateException("secret internals");
                })
                .route("PUT", "/echo", req -> HttpResponse.ok(Map.of("size", req.body().length)))
                .build().start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void handlerProblemsUseTheRenderer() throws Exception {
        assertThat(assertShape(send("GET", "/conflict", null), 409).get("text").asText()).isEqualTo("not now");
    }

    @Test
    void routeAndMethodMissesUseTheRenderer() throws Exception {
        assertShape(send("GET", "/nowhere", null), 404);
        assertShape(send("POST", "/conflict", null), 405);
    }

    @Test
    void oversizedBodiesAndUnexpectedFailuresUseTheRenderer() throws Exception {
        assertShape(send("PUT", "/echo", "x".repeat(100)), 413);
        JsonNode boom = assertShape(send("GET", "/boom", null), 500);
        assertThat(boom.toString()).doesNotContain("secret");
    }

    @Test
    void requestsJettyRejectsBeforeRoutingUseTheRenderer() throws Exception {
        URI base = URI.create(service.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /conflict HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response.toLowerCase()).contains("content-type: application/x-test-error");
            JsonNode body = MAPPER.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("code").asInt()).isEqualTo(400);
        }
    }

    @Test
    void servicesWithoutARendererStillAnswerProblems() throws Exception {
        try (HttpService plain = HttpService.builder(HttpServiceConfig.defaults("plain", 0)).build().start()) {
            var response = CLIENT.send(HttpRequest.newBuilder(URI.create(plain.baseUrl() + "/nowhere")).build(), BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("content-type")).hasValue(Problem.MEDIA_TYPE);
            assertThat(MAPPER.readTree(response.body()).get("status").asInt()).isEqualTo(404);
        }
    }

    private static java.net.http.HttpResponse<String> send(String method, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }

    private static JsonNode assertShape(java.net.http.HttpResponse<String> response, int status)
            throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-test-error");
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.has("type")).as("no problem members").isFalse();
        return body;
    }
}
