package dev.tidemark.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * A reconcile pass as {@code tidemark status} shows it: its pieces done out of all, when it started, and what its
 * pieces found so far.
 *
 * @param status {@code running}, {@code completed} or {@code abandoned}
 */
public record ReconcilePass(String passId, boolean dryRun, String status, int pieces, int piecesDone,
                            Instant startedAt, Instant finishedAt, PieceCounts found) {

    public boolean running() {
        return status.equals("running");
    }

    public boolean completed() {
        return status.equals("completed");
    }

    /** How long the pass has been (or was) under way at {@code now}. */
    public Duration age(Instant now) {
        return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
    }
}
