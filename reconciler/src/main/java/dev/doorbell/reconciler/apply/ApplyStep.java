package dev.doorbell.reconciler.apply;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way decoded observations reach the database, for the live {@link ObservationConsumer}
 * and the {@link ObservationRebuild} alike. The batch goes in one transaction; if the database
 * refuses it for its data (poison: {@link ApplyErrors#isPoison}), each observation goes in its own
 * transaction, in order, and each the database refuses becomes a {@link Refusal} with reason
 * {@link RefusalReason#APPLY_FAILED}: no record is retried forever. A transient error is thrown,
 * and the caller retries the whole batch (what was applied is applied again, harmlessly).
 *
 * <p>Refusals are indexed into the list handed in, whichever way it was applied.
 */
final class ApplyStep {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyStep.class);

    private final ObservationApplier applier;

    ApplyStep(ObservationApplier applier) {
        this.applier = Objects.requireNonNull(applier, "applier");
    }

    ApplyResult apply(List<Observation> observations) throws SQLException {
        try {
            return applier.apply(observations);
        } catch (SQLException e) {
            if (!ApplyErrors.isPoison(e)) {
                throw e;
            }
            if (observations.size() == 1) {
                return refusedByTheDatabase(0, observations.getFirst(), e);
            }
            LOG.atWarn().setMessage("batch refused by the database; applying its observations one at a time")
                    .addKeyValue("records", observations.size()).addKeyValue("error", ApplyErrors.detail(e)).log();
        }
        ApplyResult total = ApplyResult.EMPTY;
        for (int i = 0; i < observations.size(); i++) {
            try {
                total = total.plus(applier.apply(List.of(observations.get(i))).reindexed(i));
            } catch (SQLException e) {
                if (!ApplyErrors.isPoison(e)) {
                    throw e;
                }
                total = total.plus(refusedByTheDatabase(i, observations.get(i), e));
            }
        }
        return total;
    }

    private static ApplyResult refusedByTheDatabase(int index, Observation observation, SQLException e) {
        LOG.atWarn().setMessage("observation refused by the database").addKeyValue("vmm", observation.vmmId())
                .addKeyValue("error", ApplyErrors.detail(e)).log();
        return new ApplyResult(1, 0, 0, 0, 0, 0, List.of(new Refusal(index, RefusalReason.APPLY_FAILED, ApplyErrors.detail(e))));
    }
}
