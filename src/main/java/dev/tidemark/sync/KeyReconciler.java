package dev.tidemark.sync;

import java.time.Instant;
import java.util.List;

/** The canonical store's side of a reconcile: which rows are missing, older than the source, or orphaned. */
public interface KeyReconciler {

    /**
     * Streams every source key into the store and compares: soft-deletes (sets {@code deleted_at = at}) each
     * live row whose id was not among them (a dry run only counts them), and returns the keys whose row is
     * missing or stale, for the caller to repair.
     */
    Result reconcile(String runId, Instant at, boolean dryRun, SourceKeys source);

    /**
     * @param pages       source pages scanned
     * @param sourceKeys  keys the source holds
     * @param missing     source keys with no row (keys with an open quarantine entry are not counted: the
     *                    quarantine already says why they have none)
     * @param stale       rows older than their source item, or live while the source carries a tombstone
     * @param softDeleted live rows whose source is gone: soft-deleted (or, in a dry run, that would be)
     * @param toRepair    the missing keys, then the stale ones
     */
    record Result(int pages, int sourceKeys, int missing, int stale, int softDeleted, List<SourceKey> toRepair) {
        public Result {
            toRepair = List.copyOf(toRepair);
        }
    }
}
