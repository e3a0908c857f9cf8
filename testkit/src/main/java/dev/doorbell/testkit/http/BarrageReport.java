package dev.doorbell.testkit.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a {@link HostileBarrage}.
 *
 * @param cases      every case fired, in order
 * @param violations the cases answered wrongly
 * @param statuses   how often each status answered (0: closed without a response)
 */
public record BarrageReport(List<HostileRequest> cases, List<Violation> violations, Map<Integer, Integer> statuses) {

    public BarrageReport {
        cases = List.copyOf(cases);
        violations = List.copyOf(violations);
        statuses = new TreeMap<>(statuses);
    }

    @Override
    public String toString() {
        return cases.size() + " hostile requests, " + violations.size() + " answered wrongly; statuses " + statuses;
    }
}
