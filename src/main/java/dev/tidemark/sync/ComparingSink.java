package dev.tidemark.sync;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A page sink for the recent sweep: compares each page's records with the store first and passes on only the
 * missing and stale ones (a dry run passes on none), so a sweep over days of writes that the sync already has
 * writes nothing and counts what it found.
 */
final class ComparingSink implements PageSink {
    private final KeyReconciler store;
    private final PageSink sink;
    private final boolean dryRun;
    private long missing;
    private long stale;

    ComparingSink(KeyReconciler store, PageSink sink, boolean dryRun) {
        this.store = store;
        this.sink = sink;
        this.dryRun = dryRun;
    }

    @Override
    public PageResult write(String runId, List<ContentRecord> records, List<Rejection> rejections) {
        if (records.isEmpty()) {
            return dryRun ? new PageResult(0, 0, rejections.size(), 0) : sink.write(runId, records, rejections);
        }
        KeyReconciler.Comparison compared = store.compare(records.stream()
                .map(r -> new SourceKey(r.contentId(), false, r.sourceUpdatedAt(), r.deletedAt() != null))
                .toList());
        missing += compared.missing().size();
        stale += compared.stale().size();
        Set<String> toRepair = new HashSet<>();
        compared.toRepair().forEach(k -> toRepair.add(k.key()));
        List<ContentRecord> repairs = records.stream().filter(r -> toRepair.contains(r.contentId())).toList();
        if (dryRun) {
            return new PageResult(0, records.size(), rejections.size(), 0);
        }
        PageResult written = sink.write(runId, repairs, rejections);
        return new PageResult(written.upserted(), records.size() - written.upserted(), written.quarantined(),
                written.deleted(), written.written());
    }

    long missing() {
        return missing;
    }

    long stale() {
        return stale;
    }
}
