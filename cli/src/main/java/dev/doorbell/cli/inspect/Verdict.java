package dev.doorbell.cli.inspect;

import dev.doorbell.fetcher.PendingFetchView;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.read.VmmView;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What an {@link Inspection} means, as one line:
 * <ul>
 *   <li>{@link Kind#IN_SYNC}: the database has the sled's generation and state (or the sled no longer holds the VMM and
 *       the database has it ended);</li>
 *   <li>{@link Kind#BEHIND}: the sled has a newer generation, either changed within {@code grace} or with a fetch
 *       pending or in flight that explains it;</li>
 *   <li>{@link Kind#DIVERGED}: behind for longer than {@code grace} with nothing pending, the database and the sled
 *       disagree at one generation, the database is ahead of the sled, or the sled dropped a VMM the database has
 *       alive with nothing pending;</li>
 *   <li>{@link Kind#UNKNOWN}: the sled gave no answer to compare with.</li>
 * </ul>
 */
public record Verdict(Kind kind, String reason) {

    /** The verdicts, each with its exit code. */
    public enum Kind {
        IN_SYNC(0, "in sync"), BEHIND(0, "behind"), DIVERGED(1, "diverged"), UNKNOWN(1, "cannot tell");

        private final int exitCode;
        private final String label;

        Kind(int exitCode, String label) {
            this.exitCode = exitCode;
            this.label = label;
        }

        public int exitCode() {
            return exitCode;
        }

        public String label() {
            return label;
        }
    }

    public Verdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public int exitCode() {
        return kind.exitCode();
    }

    /** The verdict on {@code inspection} as of {@code clock}'s now. */
    public static Verdict of(Inspection inspection, Clock clock, Duration grace) {
        VmmView db = inspection.database().vmm();
        PendingView pending = inspection.pending();
        return switch (inspection.sled()) {
            case SledAnswer.NoAnswer none -> new Verdict(Kind.UNKNOWN, "the sled gave no answer to compare with: " + none.reason());
            case SledAnswer.NoSuchVmm gone -> gone(db, pending);
            case SledAnswer.Holds holds -> compare(db, holds.state().vmmState(), pending, clock, grace);
        };
    }

    private static Verdict gone(VmmView db, PendingView pending) {
        if (VmmState.isTerminal(db.state())) {
            return new Verdict(Kind.IN_SYNC, "the sled no longer holds the VMM and the database has it " + db.state());
        }
        if (pending.fetchActive()) {
            return new Verdict(Kind.BEHIND, "the sled no longer holds the VMM; " + pendingNote(pending) + " will tell the database");
        }
        return new Verdict(Kind.DIVERGED, "the sled no longer holds the VMM but the database has it " + db.state() + " gen "
                + db.gen() + ", and " + pendingNote(pending));
    }

    private static Verdict compare(VmmView db, VmmRuntimeState sled, PendingView pending, Clock clock, Duration grace) {
        String sledState = sled.state().wireName();
        if (sled.gen() == db.gen()) {
            return sledState.equals(db.state())
                    ? new Verdict(Kind.IN_SYNC, "the database has the sled's " + sledState + " gen " + sled.gen())
                    : new Verdict(Kind.DIVERGED, "at gen " + sled.gen() + " the database says " + db.state() + " but the sled says "
                            + sledState);
        }
        if (sled.gen() < db.gen()) {
            return new Verdict(Kind.DIVERGED, "the database (gen " + db.gen() + ") is ahead of the sled (gen " + sled.gen() + ")");
        }
        long behind = sled.gen() - db.gen();
        Duration since = Duration.between(sled.timeUpdated(), clock.instant());
        since = since.isNegative() ? Duration.ZERO : since;
        String lag = "behind by " + behind + (behind == 1 ? " generation" : " generations") + " (sled " + sledState + " gen "
                + sled.gen() + ", changed " + Durations.text(since) + " ago)";
        if (since.compareTo(grace) <= 0) {
            return new Verdict(Kind.BEHIND, lag + ", within the grace of " + Durations.text(grace) + "; " + pendingNote(pending));
        }
        if (pending.fetchActive()) {
            return new Verdict(Kind.BEHIND, lag + ", past the grace of " + Durations.text(grace) + ", but " + pendingNote(pending)
                    + " explains it");
        }
        return new Verdict(Kind.DIVERGED, lag + ", past the grace of " + Durations.text(grace) + ", and " + pendingNote(pending));
    }

    /** What the fetchers say, as a clause: "a fetch is in flight", "nothing is pending", ... */
    static String pendingNote(PendingView pending) {
        return switch (pending) {
            case PendingView.Entry entry when entry.active() -> fetchNote(entry.fetch());
            case PendingView.Entry entry -> "nothing is pending (the fetcher only spaces the next fetch)";
            case PendingView.NothingPending nothing -> "nothing is pending";
            case PendingView.NotAsked notAsked -> "no fetcher was asked whether a fetch is pending";
            case PendingView.Unknown unknown -> "no fetcher could say whether a fetch is pending";
        };
    }

    private static String fetchNote(PendingFetchView fetch) {
        return switch (fetch.phase()) {
            case "IN_FLIGHT" -> "a fetch is in flight";
            case "IN_FLIGHT_DIRTY" -> "a fetch is in flight and another is pending";
            default -> fetch.awaitingDirectorySince() != null ? "a fetch is pending, waiting for the VMM's placement or sled address"
                    : fetch.failures() != null ? "a fetch is pending after " + fetch.failures() + " failed"
                    : "a fetch is pending";
        };
    }
}
