package dev.tidemark.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A fanned-out backfill as a whole, computed from its slices' run rows. A slice counts as succeeded when any of
 * its attempts succeeded (Step Functions retries a failed slice); the counts are those of that attempt.
 *
 * @param runs          every recorded attempt, retries included
 * @param failedSlices  keys of the slices without a succeeded attempt, at most {@link #LISTED_FAILURES}
 */
public record BackfillSummary(String backfillId, LocalDate from, LocalDate to, int slices, int succeeded, int runs,
                              long fetched, long upserted, long unchanged, long quarantined, long deleted,
                              List<String> failedSlices, Instant startedAt, Instant finishedAt) {
    public static final int LISTED_FAILURES = 20;

    public BackfillSummary {
        failedSlices = List.copyOf(failedSlices);
    }

    public int failed() {
        return slices - succeeded;
    }

    /** {@code succeeded} when every slice did, else {@code failed}: the whole range is then not yet backfilled. */
    public String status() {
        return failed() == 0 ? "succeeded" : "failed";
    }
}
