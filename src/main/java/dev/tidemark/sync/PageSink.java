package dev.tidemark.sync;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;

import java.util.List;
import java.util.Set;

/** The canonical store port: one page, one transaction, all or nothing. */
public interface PageSink {

    PageResult write(String runId, List<ContentRecord> records, List<Rejection> rejections);

    /**
     * What {@link #write} would do, without writing anything (dry runs). The default cannot look at the store
     * and counts every record as unchanged; a store that can compare should.
     */
    default PageResult preview(List<ContentRecord> records, List<Rejection> rejections) {
        return new PageResult(0, records.size(), rejections.size(), 0);
    }

    /**
     * @param upserted    content rows inserted or changed
     * @param unchanged   records that changed nothing: identical replays, stale (older) versions, and
     *                    duplicates of an id within the page
     * @param quarantined rejections recorded
     * @param deleted     upserted rows that carry a tombstone
     * @param written     the ids of the upserted rows: the records this page made visible for the first time or
     *                    in a newer version (what lateness and drift are measured on)
     */
    record PageResult(int upserted, int unchanged, int quarantined, int deleted, Set<String> written) {
        public PageResult {
            written = Set.copyOf(written);
        }

        /** A result that does not say which rows were written (nothing is measured on it). */
        public PageResult(int upserted, int unchanged, int quarantined, int deleted) {
            this(upserted, unchanged, quarantined, deleted, Set.of());
        }
    }
}
