package dev.doorbell.cli;

import dev.doorbell.model.ApiVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Registers a sled with the control API: {@code PUT /v1/sleds/{id}} with its address and API versions. */
public final class SledRegistration {

    private final URI controlUrl;

    public SledRegistration(URI controlUrl) {
        this.controlUrl = controlUrl;
    }

    public void register(UUID sledId, URI address, Set<ApiVersion> versions) throws IOException, InterruptedException {
        String body = "{\"address\":\"" + address + "\",\"api_versions\":["
                + versions.stream().sorted().map(v -> "\"" + v + "\"").collect(Collectors.joining(",")) + "]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(controlUrl.toString()) + "/v1/sleds/" + sledId))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("the control API refused the sled's registration: HTTP " + response.statusCode()
                        + " " + response.body());
            }
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
