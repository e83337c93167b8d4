package dev.tidemark.sync;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one invocation is asked to do. Every request can be a dry run: it plans and reads exactly as the real
 * one would and records itself in {@code sync_runs} (with {@code dry_run = true}), but writes nothing to the
 * canonical tables nor to the checkpoint.
 */
public sealed interface RunRequest {

    boolean dryRun();

    /** The hourly incremental run: from the checkpoint (minus the overlap) to now (minus the settle delay). */
    record Scheduled(String trigger, String eventId, boolean dryRun) implements RunRequest {
        public Scheduled {
            trigger = trigger == null ? "manual" : trigger;
        }
    }

    /** Re-reads whole UTC days {@code from..to} (both inclusive), one run per day; never moves the checkpoint. */
    record Backfill(LocalDate from, LocalDate to, boolean dryRun) implements RunRequest {
        public Backfill {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("backfill 'to' " + to + " is before 'from' " + from);
            }
        }
    }

    /** Replays exactly the window {@code [window_from, window_to)} recorded for an earlier run; never moves the checkpoint. */
    record Rerun(String runId, boolean dryRun) implements RunRequest {
        public Rerun {
            if (runId == null || runId.isBlank()) {
                throw new IllegalArgumentException("rerun needs the runId of an earlier run");
            }
        }
    }

    /**
     * Continues (or starts) the reconcile pass: every source key against PostgreSQL, repairs, and rows whose
     * source item is gone soft-deleted, in bounded pieces.
     *
     * @param restart abandon the running pass and start a new one
     * @param piece   work on this piece of the pass only (a map item of a fanned-out pass); null: any piece
     * @param recent  instead of a pass, sweep only the items written in this last stretch of time (GSI queries
     *                over its day partitions, every shard); null: the pass
     */
    record Reconcile(boolean dryRun, boolean restart, Integer piece, java.time.Duration recent) implements RunRequest {
        public Reconcile {
            if (recent != null && (recent.isNegative() || recent.isZero())) {
                throw new IllegalArgumentException("recent must be a positive duration like P2D, was " + recent);
            }
            if (recent != null && (restart || piece != null)) {
                throw new IllegalArgumentException("a recent sweep is no pass: it takes neither restart nor piece");
            }
            if (piece != null && piece < 0) {
                throw new IllegalArgumentException("piece must be 0 or more, was " + piece);
            }
        }

        public Reconcile(boolean dryRun) {
            this(dryRun, false, null, null);
        }
    }
}
