package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.model.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The read API's client: {@code GET /v1/sleds} (every page), {@code GET /v1/vmms?sled=} (one page)
 * and {@code GET /v1/vmms/{id}}. Every failure is a {@link ReadApiException} whose message says in
 * one line what went wrong (unreachable, timed out, which status). Thread-safe.
 */
public final class ReadApiClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_DETAIL = 200;

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private final ObjectMapper mapper = Json.mapper();
    private final JavaType sledPage;
    private final JavaType vmmPage;

    /** @param base the reconciler's base URL, e.g. {@code http://127.0.0.1:8080} */
    public ReadApiClient(URI base) {
        this.base = Objects.requireNonNull(base, "base");
        this.sledPage = mapper.getTypeFactory().constructType(new TypeReference<Page<SledView>>() {});
        this.vmmPage = mapper.getTypeFactory().constructType(new TypeReference<Page<VmmView>>() {});
    }

    /** Every registered sled, read page by page. */
    public List<SledView> sleds() {
        List<SledView> sleds = new ArrayList<>();
        String token = null;
        do {
            Page<SledView> page = get("/v1/sleds?limit=" + PageRequest.MAX_LIMIT + tokenParam(token), sledPage);
            sleds.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return sleds;
    }

    /** One page of the VMMs on {@code sled}; {@code pageToken} null for the first. */
    public Page<VmmView> vmms(UUID sled, String pageToken, int limit) {
        return get("/v1/vmms?sled=" + sled + "&limit=" + limit + tokenParam(pageToken), vmmPage);
    }

    /** The VMM's row, empty if the database has none (404). */
    public Optional<VmmView> vmm(UUID id) {
        HttpResponse<String> response = send("/v1/vmms/" + id);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read("/v1/vmms/" + id, response, mapper.getTypeFactory().constructType(VmmView.class)));
    }

    private static String tokenParam(String token) {
        return token == null ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private <T> T get(String path, JavaType type) {
        return read(path, send(path), type);
    }

    private <T> T read(String path, HttpResponse<String> response, JavaType type) {
        if (response.statusCode() != 200) {
            throw new ReadApiException("the reconciler at " + base + " answered " + response.statusCode() + " to GET " + path
                    + detail(response.body()), null);
        }
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new ReadApiException("the reconciler at " + base + " answered GET " + path + " with an unreadable body: "
                    + firstLine(e.getMessage()), e);
        }
    }

    private HttpResponse<String> send(String path) {
        URI uri;
        try {
            uri = URI.create(trimmedBase() + path);
        } catch (IllegalArgumentException e) {
            throw new ReadApiException("not a usable reconciler URL: " + base, e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ReadApiException("cannot reach the reconciler at " + base + ": connect timed out", e);
        } catch (HttpTimeoutException e) {
            throw new ReadApiException("the reconciler at " + base + " did not answer GET " + path + " within " + REQUEST_TIMEOUT, e);
        } catch (ConnectException e) {
            throw new ReadApiException("cannot reach the reconciler at " + base + ": connection refused", e);
        } catch (IOException e) {
            throw new ReadApiException("cannot reach the reconciler at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadApiException("interrupted while asking the reconciler at " + base, e);
        } catch (IllegalArgumentException e) {
            throw new ReadApiException("not a usable reconciler URL: " + base, e);
        }
    }

    private String trimmedBase() {
        String url = base.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A problem's detail (or the raw text, shortened), as {@code ": ..."}; empty for an empty body. */
    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text;
        try {
            JsonNode node = mapper.readTree(body);
            text = node != null && node.hasNonNull("detail") ? node.get("detail").asText() : body;
        } catch (IOException e) {
            text = body;
        }
        text = text.replaceAll("\\s+", " ").strip();
        return ": " + (text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        http.close();
    }
}
