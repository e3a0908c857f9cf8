package dev.doorbell.fetcher.sled;

import dev.doorbell.sledsim.SledSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads how many requests a sled simulator served per route, from its Prometheus {@code /metrics}. */
final class SledRequestCounts {
    private SledRequestCounts() {
    }

    /** @return requests served for {@code method} and route template {@code route}, any status */
    static double of(SledSimulator sled, String method, String route) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String text = http.send(HttpRequest.newBuilder(URI.create(sled.baseUrl() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double total = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"" + method + "\"")
                        && line.contains("route=\"" + route + "\"")) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sled's metrics", e);
        }
    }
}
