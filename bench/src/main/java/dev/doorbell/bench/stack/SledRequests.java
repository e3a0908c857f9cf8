package dev.doorbell.bench.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * State requests a sled has answered so far, read from its {@code /metrics} (the request timer
 * {@code http.server.requests} that every HTTP service keeps per method, route and status): single
 * {@code GET /vmms/{id}/state} and batched {@code POST /vmms/states}, and how many of either were
 * refused with a 4xx (an API version the sled does not speak).
 *
 * @param gets    {@code GET /vmms/{id}/state} requests
 * @param batches {@code POST /vmms/states} requests
 * @param refused of those, answered 4xx
 */
public record SledRequests(long gets, long batches, long refused) {

    public static final SledRequests NONE = new SledRequests(0, 0, 0);
    private static final Pattern COUNT = Pattern.compile("^http_server_requests_seconds_count\\{(.*)}\\s+(\\S+)\\s*$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** @return every state request, single or batched */
    public long total() {
        return gets + batches;
    }

    SledRequests plus(SledRequests o) {
        return new SledRequests(gets + o.gets, batches + o.batches, refused + o.refused);
    }

    public SledRequests minus(SledRequests o) {
        return new SledRequests(gets - o.gets, batches - o.batches, refused - o.refused);
    }

    /** Reads the counts from the sled at {@code baseUrl}. */
    static SledRequests scrape(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + baseUrl + "/metrics answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + baseUrl + "/metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses Prometheus text exposition. */
    static SledRequests parse(String text) {
        long gets = 0;
        long batches = 0;
        long refused = 0;
        for (String line : text.split("\n")) {
            Matcher m = COUNT.matcher(line);
            if (!m.find()) {
                continue;
            }
            String method = null;
            String route = null;
            String status = "";
            Matcher label = LABEL.matcher(m.group(1));
            while (label.find()) {
                switch (label.group(1)) {
                    case "method" -> method = label.group(2);
                    case "route" -> route = label.group(2);
                    case "status" -> status = label.group(2);
                    default -> { }
                }
            }
            long count = (long) Double.parseDouble(m.group(2));
            boolean get = "GET".equals(method) && "/vmms/{id}/state".equals(route);
            boolean batch = "POST".equals(method) && "/vmms/states".equals(route);
            if (get) {
                gets += count;
            } else if (batch) {
                batches += count;
            }
            if ((get || batch) && status.startsWith("4")) {
                refused += count;
            }
        }
        return new SledRequests(gets, batches, refused);
    }
}
