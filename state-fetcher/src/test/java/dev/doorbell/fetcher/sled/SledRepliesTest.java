package dev.doorbell.fetcher.sled;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.doorbell.fetcher.sled.SledExchange.SledReply;
import dev.doorbell.fetcher.sled.VmmFetchResult.Failed;
import dev.doorbell.fetcher.sled.VmmFetchResult.Found;
import dev.doorbell.fetcher.sled.VmmFetchResult.NotFound;
import dev.doorbell.fetcher.sled.VmmFetchResult.VersionRejected;
import dev.doorbell.model.ApiVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How sled answers are classified, as omicron's nexus reads its dropshot sled-agent: only a 404
 * carrying {@code NO_SUCH_INSTANCE} means the VMM is gone; a 400 is a refused version; everything
 * else is inconclusive and retried.
 */
class SledRepliesTest {
    private final SledReplies replies = new SledReplies();

    private static SledReply reply(int status, String body) {
        return new SledReply(status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String dropshot(String code, String message) {
        return "{\"request_id\":\"" + UUID.randomUUID() + "\"," + (code == null ? "" : "\"error_code\":\"" + code + "\",")
                + "\"message\":\"" + message + "\"}";
    }

    @Test
    void a404WithNoSuchInstanceIsNotFound() {
        assertThat(replies.single(reply(404, dropshot("NO_SUCH_INSTANCE", "no such instance")), ApiVersion.V2))
                .isEqualTo(new NotFound(ApiVersion.V2));
    }

    @Test
    void a404WithoutThatCodeIsARetryableFailure() {
        for (String body : List.of(dropshot(null, "Not Found"), dropshot("ObjectNotFound", "not found"),
                "{\"request_id\":\"r\",\"error_code\":null,\"message\":\"Not Found\"}",
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}", "<html>404</html>", "")) {
            assertThat(replies.single(reply(404, body), ApiVersion.V2)).as(body)
                    .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.retryable()).isTrue());
        }
    }

    @Test
    void a410IsARetryableFailureEvenWithNoSuchInstance() {
        // omicron's sled-agent answers 410 NO_SUCH_INSTANCE while a VMM is terminating: not gone yet
        assertThat(replies.single(reply(410, dropshot("NO_SUCH_INSTANCE", "terminating")), ApiVersion.V2))
                .isInstanceOfSatisfying(Failed.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.error()).contains("410").contains("NO_SUCH_INSTANCE");
                });
    }

    @Test
    void anyOtherStatusIsARetryableFailure() {
        for (int status : new int[] {401, 403, 405, 409, 429, 500, 502, 503, 301}) {
            assertThat(replies.single(reply(status, dropshot(null, "no")), ApiVersion.V2)).as("status " + status)
                    .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.retryable()).isTrue());
        }
    }

    @Test
    void a400IsAVersionRejectionThatListsNothing() {
        assertThat(replies.single(reply(400, dropshot(null, "server does not support this API version: 2.0.0")), ApiVersion.V2))
                .isEqualTo(new VersionRejected("server does not support this API version: 2.0.0"));
        assertThat(replies.batch(reply(400, dropshot(null, "missing expected header \\\"api-version\\\"")), List.of(UUID.randomUUID()),
                ApiVersion.V2).values()).singleElement().isInstanceOf(VersionRejected.class);
        assertThat(replies.single(reply(400, "not json"), ApiVersion.V2)).isEqualTo(new VersionRejected(""));
    }

    @Test
    void aBatchAnswerIsPerIdWithOnlyTheListedUnknownIdsNotFound() {
        UUID found = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        UUID omitted = UUID.randomUUID();
        String body = "{\"vmms\":{\"" + found + "\":{\"vmm_state\":{\"state\":\"running\",\"gen\":2,"
                + "\"time_updated\":\"2026-01-02T03:04:05Z\"}}},\"unknown_ids\":[\"" + unknown + "\"]}";

        Map<UUID, VmmFetchResult> results = replies.batch(reply(200, body), List.of(found, unknown, omitted), ApiVersion.V2);

        assertThat(results.get(found)).isInstanceOf(Found.class);
        assertThat(results.get(unknown)).isEqualTo(new NotFound(ApiVersion.V2));
        assertThat(results.get(omitted)).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.retryable()).isTrue());
    }

    /**
     * A batch answer's keys are VMM ids, thousands of distinct names: adding each to Jackson's shared symbol table copied
     * the table on every answer (JFR at 1,000 changes/s: 45 of the sled client's 913 samples).
     */
    @Test
    void aBatchAnswersIdsAreNotAddedToASymbolTable() {
        assertThat(replies.batchReader.getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isFalse();
        assertThat(replies.batchReader.getFactory().isEnabled(JsonFactory.Feature.INTERN_FIELD_NAMES)).isFalse();
    }

    @Test
    void aBatchAnswered404Or405IsAMissingEndpointNotAMissingVmm() {
        assertThat(replies.isMissingBatchEndpoint(reply(404, dropshot(null, "Not Found")))).isTrue();
        assertThat(replies.isMissingBatchEndpoint(reply(405, dropshot(null, "Method Not Allowed")))).isTrue();
        assertThat(replies.isMissingBatchEndpoint(reply(400, dropshot(null, "bad")))).isFalse();
    }
}
