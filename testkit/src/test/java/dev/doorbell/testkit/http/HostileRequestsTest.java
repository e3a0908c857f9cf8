package dev.doorbell.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.testkit.http.HostileRequest.Kind;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostileRequestsTest {
    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.of("GET", "/things"),
            Endpoint.of("GET", "/things/{id}").withQueryParams("limit"),
            Endpoint.of("PUT", "/things/{id}").withJsonBody("{\"name\":\"a\",\"count\":1,\"tags\":[\"x\"],\"inner\":{\"on\":true}}")
                    .withUuidHeaders("sled-id"),
            Endpoint.of("POST", "/things/{id}/parts/{part}"));

    @Test
    void theSameSeedGivesTheSameCasesByteForByte() {
        List<HostileRequest> first = HostileRequests.generate(42, "127.0.0.1:1", ServiceLimits.defaults(), ENDPOINTS);
        List<HostileRequest> again = HostileRequests.generate(42, "127.0.0.1:1", ServiceLimits.defaults(), ENDPOINTS);
        List<HostileRequest> other = HostileRequests.generate(43, "127.0.0.1:1", ServiceLimits.defaults(), ENDPOINTS);

        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).name()).isEqualTo(first.get(i).name());
            assertThat(again.get(i).bytes()).isEqualTo(first.get(i).bytes());
        }
        assertThat(other.stream().map(r -> new String(r.bytes(), StandardCharsets.ISO_8859_1)).toList())
                .isNotEqualTo(first.stream().map(r -> new String(r.bytes(), StandardCharsets.ISO_8859_1)).toList());
    }

    @Test
    void everyKindIsThereAndEveryPathParameterOfEveryEndpointIsAttacked() {
        List<HostileRequest> cases = HostileRequests.generate(7, "127.0.0.1:1", ServiceLimits.defaults(), ENDPOINTS);

        assertThat(cases).hasSizeGreaterThan(300);
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        cases.forEach(c -> kinds.add(c.kind()));
        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
        Set<String> names = new HashSet<>();
        cases.forEach(c -> assertThat(names.add(c.name())).as("unique name " + c.name()).isTrue());
        for (String attacked : List.of("PUT /things/{id} id=", "POST /things/{id}/parts/{part} id=",
                "POST /things/{id}/parts/{part} part=")) {
            assertThat(cases).filteredOn(c -> c.name().contains(attacked)).hasSizeGreaterThan(40)
                    .allSatisfy(c -> assertThat(c.kind()).isEqualTo(Kind.BAD_PATH_PARAMETER));
        }
        assertThat(cases).filteredOn(c -> c.kind() == Kind.BAD_BODY).allSatisfy(c -> assertThat(c.name()).contains("PUT /things/{id}"));
        assertThat(cases).filteredOn(c -> c.kind() == Kind.BAD_METHOD).isNotEmpty()
                .allSatisfy(c -> assertThat(c.expectedStatus()).isEqualTo(405));
    }

    @Test
    void aMethodTheSamePathHasElsewhereIsNotCalledForeign() {
        List<HostileRequest> cases = HostileRequests.generate(7, "127.0.0.1:1", ServiceLimits.defaults(), ENDPOINTS);

        assertThat(cases).filteredOn(c -> c.kind() == Kind.BAD_METHOD)
                .noneSatisfy(c -> assertThat(c.name()).matches("method (GET|PUT) on (GET|PUT) /things/\\{id}"));
    }

    @Test
    void typeConfusionSwapsEachMemberForAnotherKind() {
        List<HostileBody> bodies = JsonMutations.typeConfusions("{\"name\":\"a\",\"count\":1,\"tags\":[\"x\"],\"inner\":{\"on\":true},\"none\":null}");

        assertThat(bodies).extracting(HostileBody::label).containsExactly("/name as object", "/count as string", "/tags as string",
                "/inner as number", "/inner/on as string");
        assertThat(new String(bodies.get(1).bytes(), StandardCharsets.UTF_8)).contains("\"count\":\"not-a-number\"");
    }

    @Test
    void aResponseIsJudgedByStatusProblemBodyAndLeaks() {
        HostileRequest request = new HostileRequest("case", Kind.BAD_BODY, new byte[0], 0);
        HostileRequest notHttp = new HostileRequest("garbage", Kind.NOT_HTTP, new byte[0], 0);
        Map<String, List<String>> problemJson = Map.of("content-type", List.of("application/problem+json"));
        byte[] problem = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}".getBytes(StandardCharsets.UTF_8);

        assertThat(ProblemResponseCheck.violation(request, new RawResponse(400, problemJson, problem))).isEmpty();
        assertThat(ProblemResponseCheck.violation(request, new RawResponse(500, problemJson, problem))).isPresent();
        assertThat(ProblemResponseCheck.violation(request, new RawResponse(400, Map.of("content-type", List.of("text/html")), problem)))
                .isPresent();
        assertThat(ProblemResponseCheck.violation(request, new RawResponse(400, problemJson,
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"at dev.doorbell.X.y(X.java:3)\"}"
                        .getBytes(StandardCharsets.UTF_8)))).hasValueSatisfying(v -> assertThat(v).contains("implementation"));
        assertThat(ProblemResponseCheck.violation(request, new RawOutcome.ClosedSilently("closed"))).isPresent();
        assertThat(ProblemResponseCheck.violation(notHttp, new RawOutcome.ClosedSilently("closed"))).isEmpty();
    }

    @Test
    void parsesResponsesSkippingInterimOnesAndDechunking() {
        byte[] raw = ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 413 Payload Too Large\r\nContent-Type: application/problem+json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n2\r\n\":\r\n1\r\n1\r\n1\r\n}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

        RawOutcome outcome = RawHttp.parse(raw);

        assertThat(outcome).isInstanceOfSatisfying(RawOutcome.Responded.class, r -> {
            assertThat(r.response().status()).isEqualTo(413);
            assertThat(r.response().bodyText()).isEqualTo("{\"a\":1}");
        });
    }
}
