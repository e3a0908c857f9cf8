package dev.doorbell.cli.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.doorbell.fetcher.PendingFetchView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Asks state fetchers for the VMM's pending fetch ({@code GET /v1/pending/{vmm}}), each in turn until one hosts the
 * VMM's partition: a 200 is its entry, a 404 {@code nothing-pending} says that nothing is pending, a 404
 * {@code not-hosted} (or any other answer, or none) sends the question to the next fetcher. Never throws.
 */
final class PendingClient {

    static final String NOTHING_PENDING = "urn:doorbell:problem:nothing-pending";

    private final List<String> fetcherUrls;
    private final JsonHttp http;

    PendingClient(List<String> fetcherUrls, JsonHttp http) {
        this.fetcherUrls = List.copyOf(fetcherUrls);
        this.http = Objects.requireNonNull(http, "http");
    }

    PendingView ask(UUID vmm) {
        if (fetcherUrls.isEmpty()) {
            return new PendingView.NotAsked();
        }
        List<String> reasons = new ArrayList<>();
        for (String url : fetcherUrls) {
            JsonHttp.Answer answer;
            try {
                answer = http.get(JsonHttp.resolve(url, "/v1/pending/" + vmm));
            } catch (IOException e) {
                reasons.add(url + ": unreachable (" + JsonHttp.why(e) + ")");
                continue;
            }
            if (answer.status() == 200) {
                try {
                    return new PendingView.Entry(url, http.mapper().treeToValue(answer.body(), PendingFetchView.class));
                } catch (JsonProcessingException e) {
                    reasons.add(url + ": unreadable answer (" + e.getOriginalMessage() + ")");
                    continue;
                }
            }
            if (answer.status() == 404 && NOTHING_PENDING.equals(answer.body().path("type").asText())) {
                return new PendingView.NothingPending(url);
            }
            String host = answer.body().path("active_host").asText("");
            reasons.add(url + ": " + answer.status() + " " + answer.detail() + (host.isEmpty() ? "" : " (active host " + host + ")"));
        }
        return new PendingView.Unknown(reasons);
    }
}
