package dev.tidemark.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * How late a scheduled run's data arrived. A record the run wrote (first time, or a newer version) whose
 * {@code updatedAt} lies below the previous checkpoint was not visible when the previous run passed that
 * point: only the overlap caught it. The largest such distance is how close the source came to outrunning
 * the overlap; once it reaches the overlap lag, writes are missed (and left to reconcile).
 *
 * @param records records written below the previous checkpoint
 * @param max     the largest distance below it (zero if none)
 */
public record Lateness(int records, Duration max) {
    public static final Lateness NONE = new Lateness(0, Duration.ZERO);

    /** This lateness plus one record stamped {@code updatedAt}, written by a run that started at {@code checkpoint}. */
    public Lateness plus(Instant updatedAt, Instant checkpoint) {
        if (!updatedAt.isBefore(checkpoint)) {
            return this;
        }
        Duration late = Duration.between(updatedAt, checkpoint);
        return new Lateness(records + 1, late.compareTo(max) > 0 ? late : max);
    }

    /** At half the overlap lag on-call should widen the overlap: the margin left is as large as the one used. */
    public boolean nearOverlap(Duration overlapLag) {
        return records > 0 && !overlapLag.isZero() && max.multipliedBy(2).compareTo(overlapLag) >= 0;
    }
}
