package dev.tidemark.sync;

import java.util.Set;

/**
 * What writing (or previewing) one page did.
 *
 * @param upserted    root rows inserted or changed
 * @param unchanged   rows that changed nothing: identical replays, stale (older) versions, and duplicates of a key
 *                    within the page
 * @param quarantined rejections recorded
 * @param deleted     upserted rows that carry a tombstone
 * @param written     the keys of the upserted rows: the rows this page made visible for the first time or in a newer
 *                    version (what lateness and drift are measured on)
 */
public record PageResult(int upserted, int unchanged, int quarantined, int deleted, Set<String> written) {
    public PageResult {
        written = Set.copyOf(written);
    }

    /** A result that does not say which rows were written (nothing is measured on it). */
    public PageResult(int upserted, int unchanged, int quarantined, int deleted) {
        this(upserted, unchanged, quarantined, deleted, Set.of());
    }
}
