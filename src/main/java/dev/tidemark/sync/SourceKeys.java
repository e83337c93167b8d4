package dev.tidemark.sync;

import java.util.List;

/**
 * The source table's keys with their update time and tombstone state, for reconciliation: one page of one Scan
 * segment at a time, continued from an opaque cursor, so a reconcile pass is made of bounded, resumable pieces.
 */
public interface SourceKeys {

    /**
     * One page of segment {@code segment} of {@code segments}, starting after {@code cursor} (null: the segment's
     * start).
     *
     * @param limit items to evaluate at most (the page size)
     */
    KeyPage page(int segment, int segments, String cursor, int limit);

    /**
     * @param keys the keys of the page (possibly none: a Scan page may hold nothing)
     * @param next where the segment continues (the Scan's LastEvaluatedKey, encoded); null: the segment is done
     */
    record KeyPage(List<SourceKey> keys, String next) {
        public KeyPage {
            keys = List.copyOf(keys);
        }
    }
}
