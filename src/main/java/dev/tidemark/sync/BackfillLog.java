package dev.tidemark.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * The record of fanned-out backfills ({@code backfills}), beside the run rows of their slices, which carry
 * the trigger {@link BackfillSlices#trigger}.
 */
public interface BackfillLog {

    /** Records a planned backfill; planning the same id again (a retried plan step) changes nothing. */
    void start(BackfillPlan plan);

    /** Computes the backfill's summary from its slices' run rows, stores it, and returns it; empty if unknown. */
    Optional<BackfillSummary> summarize(String backfillId, Instant at);
}
