package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Rejection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pipeline for the recent sweep: compares each page's rows with the store first and passes on only the missing
 * and stale ones (a dry run passes on none), so a sweep over days of writes that the sync already has writes
 * nothing and counts what it found. Works on any mapping: the pipeline says what each row's key is.
 */
final class ComparingPipeline<R> implements RowPipeline<R> {
    private final KeyReconciler store;
    private final RowPipeline<R> pipeline;
    private final boolean dryRun;
    private long missing;
    private long stale;

    ComparingPipeline(KeyReconciler store, RowPipeline<R> pipeline, boolean dryRun) {
        this.store = store;
        this.pipeline = pipeline;
        this.dryRun = dryRun;
    }

    @Override
    public ParsedPage<R> parse(List<SourceItem> items) {
        return pipeline.parse(items);
    }

    @Override
    public PageResult write(String runId, List<R> records, List<Rejection> rejections) {
        if (records.isEmpty()) {
            return dryRun ? new PageResult(0, 0, rejections.size(), 0)
                    : pipeline.write(runId, records, rejections);
        }
        KeyReconciler.Comparison compared = store.compare(records.stream().map(pipeline::keyOf).toList());
        missing += compared.missing().size();
        stale += compared.stale().size();
        Set<String> toRepair = new HashSet<>();
        compared.toRepair().forEach(k -> toRepair.add(k.key()));
        if (dryRun) {
            return new PageResult(0, records.size(), rejections.size(), 0);
        }
        List<R> repairs = records.stream().filter(r -> toRepair.contains(pipeline.keyOf(r).key())).toList();
        PageResult written = pipeline.write(runId, repairs, rejections);
        return new PageResult(written.upserted(), records.size() - written.upserted(), written.quarantined(),
                written.deleted(), written.written());
    }

    @Override
    public PageResult preview(List<R> records, List<Rejection> rejections) {
        return pipeline.preview(records, rejections);
    }

    @Override
    public SourceKey keyOf(R record) {
        return pipeline.keyOf(record);
    }

    long missing() {
        return missing;
    }

    long stale() {
        return stale;
    }
}
