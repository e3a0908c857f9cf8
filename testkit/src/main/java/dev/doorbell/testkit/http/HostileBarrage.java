package dev.doorbell.testkit.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires {@link HostileRequests} at a running service, one fresh connection per case, one case at a
 * time, and reports every case answered against the rule of {@link HostileRequest}.
 */
public final class HostileBarrage {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private HostileBarrage() {
    }

    /** Generates the cases for {@code endpoints} (default limits) and fires them at {@code baseUrl}. */
    public static BarrageReport fire(URI baseUrl, List<Endpoint> endpoints, long seed) {
        return fire(baseUrl, endpoints, seed, ServiceLimits.defaults());
    }

    /** Generates the cases for {@code endpoints} and fires them at {@code baseUrl}. */
    public static BarrageReport fire(URI baseUrl, List<Endpoint> endpoints, long seed, ServiceLimits limits) {
        String host = baseUrl.getHost() + ":" + baseUrl.getPort();
        return fire(baseUrl, HostileRequests.generate(seed, host, limits, endpoints));
    }

    /** Generates the cases for {@code endpoints} and fires them at {@code baseUrl}, a service whose errors have {@code shape}. */
    public static BarrageReport fire(URI baseUrl, List<Endpoint> endpoints, long seed, ServiceLimits limits, ErrorShape shape) {
        String host = baseUrl.getHost() + ":" + baseUrl.getPort();
        return fire(baseUrl, HostileRequests.generate(seed, host, limits, endpoints), shape);
    }

    /** Fires {@code cases} at {@code baseUrl}. */
    public static BarrageReport fire(URI baseUrl, List<HostileRequest> cases) {
        return fire(baseUrl, cases, ErrorShape.PROBLEM_JSON);
    }

    /** Fires {@code cases} at {@code baseUrl}, a service whose errors have {@code shape}. */
    public static BarrageReport fire(URI baseUrl, List<HostileRequest> cases, ErrorShape shape) {
        InetSocketAddress address = new InetSocketAddress(baseUrl.getHost(), baseUrl.getPort());
        List<Violation> violations = new ArrayList<>();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (HostileRequest request : cases) {
            RawOutcome outcome = RawHttp.exchange(address, request.bytes(), TIMEOUT);
            int status = outcome instanceof RawOutcome.Responded r ? r.response().status() : 0;
            statuses.merge(status, 1, Integer::sum);
            Optional<String> problem = ProblemResponseCheck.violation(request, outcome, shape);
            problem.ifPresent(p -> violations.add(new Violation(request, p, outcome)));
        }
        return new BarrageReport(cases, violations, statuses);
    }
}
