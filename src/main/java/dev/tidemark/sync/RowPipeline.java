package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Rejection;

import java.util.List;

/**
 * How one pipeline turns a page of source items into rows and writes them: a mapping ({@link MappedPipeline}, what
 * production runs; the tests also implement it with the hand-coded reference of today's model, which the
 * equivalence tests and the benchmark compare against). {@link #parse} is pure and thread-safe (it runs on the
 * read-ahead side, beside the write); {@link #write} is one transaction.
 */
public interface RowPipeline<R> {

    ParsedPage<R> parse(List<SourceItem> items);

    PageResult write(String runId, List<R> records, List<Rejection> rejections);

    /** What {@link #write} would do, writing nothing (dry runs). */
    PageResult preview(List<R> records, List<Rejection> rejections);

    /** What a reconcile compares of a parsed row: its root key, update time and tombstone. */
    SourceKey keyOf(R record);

    /** This pipeline with every write replaced by its preview. */
    default RowPipeline<R> dryRun() {
        RowPipeline<R> self = this;
        return new RowPipeline<>() {
            @Override
            public ParsedPage<R> parse(List<SourceItem> items) {
                return self.parse(items);
            }

            @Override
            public PageResult write(String runId, List<R> records, List<Rejection> rejections) {
                return self.preview(records, rejections);
            }

            @Override
            public PageResult preview(List<R> records, List<Rejection> rejections) {
                return self.preview(records, rejections);
            }

            @Override
            public SourceKey keyOf(R record) {
                return self.keyOf(record);
            }
        };
    }
}
