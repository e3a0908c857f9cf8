package dev.doorbell.http;

import io.prometheus.metrics.tracer.common.SpanContext;
import java.util.UUID;

/**
 * Exemplars that name a VMM. Every registry of {@link HttpService#newRegistry()} samples exemplars from this context:
 * a histogram recorded inside {@link #recording} may keep, per bucket, the VMM's id as the exemplar's
 * {@code trace_id} and its generation as {@code span_id} (Micrometer's exemplars carry only those two labels), so the
 * slowest buckets of an end-to-end latency point at VMMs to inspect. Outside {@link #recording} nothing is sampled.
 * Exemplars show in the OpenMetrics exposition ({@code Accept: application/openmetrics-text} on {@code /metrics}).
 */
public final class VmmExemplars implements SpanContext {

    static final VmmExemplars CONTEXT = new VmmExemplars();
    private static final ThreadLocal<String[]> CURRENT = new ThreadLocal<>();

    private VmmExemplars() {
    }

    /** Runs {@code recording} (meters recorded on this thread) with {@code vmm} at generation {@code gen} as the exemplar. */
    public static void recording(UUID vmm, long gen, Runnable recording) {
        CURRENT.set(new String[] {vmm.toString(), Long.toString(gen)});
        try {
            recording.run();
        } finally {
            CURRENT.remove();
        }
    }

    @Override
    public String getCurrentTraceId() {
        String[] current = CURRENT.get();
        return current == null ? null : current[0];
    }

    @Override
    public String getCurrentSpanId() {
        String[] current = CURRENT.get();
        return current == null ? null : current[1];
    }

    @Override
    public boolean isCurrentSpanSampled() {
        return CURRENT.get() != null;
    }

    @Override
    public void markCurrentSpanAsExemplar() {
        // nothing to mark: the VMM is not a trace
    }
}
