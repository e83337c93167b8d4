package dev.tidemark.sync;

/**
 * What a reconcile invocation found and did.
 *
 * @param missing  source items without a row (written beyond the overlap, or never synced)
 * @param stale    rows older than their source item (a newer version written beyond the overlap), or live
 *                 rows whose source item carries a tombstone
 * @param deleted  live rows whose source item is gone: soft-deleted (in a dry run: would be)
 * @param repaired missing and stale rows written from the fetched items (zero in a dry run)
 * @param passId   the reconcile pass the invocation worked on; null for a recent sweep, which is no pass
 */
public record ReconcileCounts(int missing, int stale, int deleted, int repaired, String passId) {

    public ReconcileCounts(int missing, int stale, int deleted, int repaired) {
        this(missing, stale, deleted, repaired, null);
    }

    /** Clean: the source and the store agreed, nothing had to be repaired or deleted. */
    public boolean clean() {
        return missing == 0 && stale == 0 && deleted == 0;
    }
}
