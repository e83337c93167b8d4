package dev.tidemark.sync;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;

import java.util.List;

/** The canonical store port: one page, one transaction, all or nothing. */
public interface PageSink {

    PageResult write(String runId, List<ContentRecord> records, List<Rejection> rejections);

    /**
     * @param upserted    content rows inserted or changed
     * @param unchanged   records that changed nothing: identical replays, stale (older) versions, and
     *                    duplicates of an id within the page
     * @param quarantined rejections recorded
     * @param deleted     upserted rows that carry a tombstone
     */
    record PageResult(int upserted, int unchanged, int quarantined, int deleted) {
    }
}
