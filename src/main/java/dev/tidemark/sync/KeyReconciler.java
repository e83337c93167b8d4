package dev.tidemark.sync;

import java.time.Instant;

/** The canonical store's side of a reconcile: which live rows have no source key any more. */
public interface KeyReconciler {

    /**
     * Streams every source key into the store, then soft-deletes (sets {@code deleted_at = at}) each live row
     * whose id was not among them; a dry run only counts them.
     */
    Result reconcile(String runId, Instant at, boolean dryRun, SourceKeys source);

    /**
     * @param pages             source pages scanned
     * @param sourceKeys        keys the source holds
     * @param softDeleted       live rows whose source is gone: soft-deleted (or, in a dry run, that would be)
     * @param missingDownstream source keys with no row at all (not yet synced, or quarantined)
     */
    record Result(int pages, int sourceKeys, int softDeleted, int missingDownstream) {
    }
}
