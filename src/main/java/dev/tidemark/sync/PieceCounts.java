package dev.tidemark.sync;

/**
 * What pieces of a reconcile pass have done and found.
 *
 * @param keys    source keys compared (Scan pieces)
 * @param checked live rows checked at the source (gone-row pieces)
 */
public record PieceCounts(long pages, long keys, long checked, long missing, long stale, long deleted,
                          long repaired) {
    public static final PieceCounts ZERO = new PieceCounts(0, 0, 0, 0, 0, 0, 0);

    public PieceCounts plus(PieceCounts o) {
        return new PieceCounts(pages + o.pages, keys + o.keys, checked + o.checked, missing + o.missing,
                stale + o.stale, deleted + o.deleted, repaired + o.repaired);
    }

    public boolean clean() {
        return missing == 0 && stale == 0 && deleted == 0;
    }
}
