package dev.doorbell.cli.soak;

import java.util.Map;

/**
 * One moment of a soak.
 *
 * @param second        seconds since the soak began
 * @param residentBytes process name → resident set size
 * @param heapBytes     process name → heap in use (its {@code /metrics}' {@code jvm_memory_used_bytes{area="heap"}})
 * @param fetcherLag    doorbells not yet committed by the fetchers' group (-1 unknown)
 * @param reconcilerLag observations not yet committed by the reconcilers' group (-1 unknown)
 * @param applied       observations applied so far by every reconciler process the soak saw, a killed one with what it had
 *                      applied by its last sample ({@link AppliedTally})
 */
public record SoakSample(long second, Map<String, Long> residentBytes, Map<String, Double> heapBytes, long fetcherLag, long reconcilerLag,
                         double applied) {

    public SoakSample {
        residentBytes = Map.copyOf(residentBytes);
        heapBytes = Map.copyOf(heapBytes);
    }
}
