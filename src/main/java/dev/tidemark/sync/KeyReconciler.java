package dev.tidemark.sync;

import java.time.Instant;
import java.util.List;

/**
 * The canonical store's side of a reconcile, one bounded page at a time: which of a page of source keys are
 * missing or older in the store, which live rows follow a key (the gone-row walk, in key order), and the
 * soft-delete of rows whose absence at the source was confirmed.
 */
public interface KeyReconciler {

    /**
     * Compares one page of source keys with the store. A key with an open quarantine entry at least as new is
     * neither missing nor stale: the quarantine already says why it has no current row.
     */
    Comparison compare(List<SourceKey> keys);

    /** @param missing source keys with no row; @param stale rows older than their item, or live while it is a tombstone */
    record Comparison(List<SourceKey> missing, List<SourceKey> stale) {
        public Comparison {
            missing = List.copyOf(missing);
            stale = List.copyOf(stale);
        }

        /** The missing keys, then the stale ones. */
        public List<SourceKey> toRepair() {
            return java.util.stream.Stream.concat(missing.stream(), stale.stream()).toList();
        }
    }

    /**
     * Up to {@code limit} live rows (not soft-deleted) with a content id in {@code (after, upTo]} (null bounds are
     * open), in key order.
     */
    List<StoredKey> liveKeys(String after, String upTo, int limit);

    /** A live row's key and the source {@code updatedAt} it holds. */
    record StoredKey(String key, Instant sourceUpdatedAt) {
    }

    /**
     * Soft-deletes these rows ({@code deleted_at = at}, {@code last_run_id = runId}), each only if it is still live
     * and still holds the {@code sourceUpdatedAt} read before its absence was confirmed: a row a sync has written
     * since (the item came back) is left alone. Returns how many rows it changed.
     */
    int softDelete(String runId, Instant at, List<StoredKey> gone);

    /**
     * Content ids that split the live rows into about {@code pieces} ranges of similar size (from a bounded sample,
     * never a scan of the table): {@code pieces - 1} ascending ids, or fewer for a small table.
     */
    List<String> boundaries(int pieces);
}
