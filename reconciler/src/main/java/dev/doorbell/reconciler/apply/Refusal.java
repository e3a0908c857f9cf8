package dev.doorbell.reconciler.apply;

import java.util.Objects;

/**
 * An observation the applier refused whole.
 *
 * @param index  its position in the list handed to that {@link ObservationApplier#apply} call
 * @param reason why
 * @param detail what a reader of the dead letter needs (ids)
 */
public record Refusal(int index, RefusalReason reason, String detail) {
    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
