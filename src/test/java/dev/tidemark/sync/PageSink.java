package dev.tidemark.sync;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;

import java.util.List;

/**
 * The canonical store port: one page of content records, one transaction, all or nothing. Test code: the port of
 * the reference pipeline ({@link CanonicalPipeline}); production writes through {@link MappedSink}.
 */
public interface PageSink {

    PageResult write(String runId, List<ContentRecord> records, List<Rejection> rejections);

    /**
     * What {@link #write} would do, without writing anything (dry runs). The default cannot look at the store
     * and counts every record as unchanged; a store that can compare should.
     */
    default PageResult preview(List<ContentRecord> records, List<Rejection> rejections) {
        return new PageResult(0, records.size(), rejections.size(), 0);
    }
}
