package dev.doorbell.assembly;

import dev.doorbell.fetcher.AnswerApplier;
import dev.doorbell.reconciler.apply.ApplyAhead;
import dev.doorbell.reconciler.apply.ObservationApplier;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.schemas.avro.VmmStateObservation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A state fetcher's {@link AnswerApplier} on the control plane's database: the reconciler's {@link ApplyAhead} on a
 * pool of its own (two connections: one transaction at a time), attached to a database the reconciler migrates.
 */
public final class DatabaseAnswerApplier implements AnswerApplier {

    /** Connections of the applier's pool: its thread runs one transaction at a time. */
    static final int POOL_SIZE = 2;

    private final Database database;
    private final ApplyAhead ahead;

    private DatabaseAnswerApplier(Database database, ApplyAhead ahead) {
        this.database = database;
        this.ahead = ahead;
    }

    /**
     * An applier on {@code database}, recording the reconciler's apply meters into {@code meters}, its first answers
     * waiting {@code linger} for more ({@link ApplyAhead#DEFAULT_LINGER} as shipped).
     */
    public static DatabaseAnswerApplier on(Database.Config database, MeterRegistry meters, Duration linger) {
        Database attached = Database.attach(database.withMaxPoolSize(POOL_SIZE));
        return new DatabaseAnswerApplier(attached, new ApplyAhead(new ObservationApplier(attached.dataSource()), meters, linger));
    }

    @Override
    public CompletionStage<Set<UUID>> apply(List<VmmStateObservation> observations) {
        return ahead.apply(observations);
    }

    @Override
    public void close() {
        ahead.close();
        database.close();
    }
}
