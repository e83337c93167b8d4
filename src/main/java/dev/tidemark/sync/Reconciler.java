package dev.tidemark.sync;

import dev.tidemark.core.parse.ItemParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A reconcile: every source key and its {@code updatedAt} against PostgreSQL. Rows whose item is gone are
 * soft-deleted; rows that are missing or older than the source (writes that arrived later than the overlap,
 * which no incremental run will ever read again) are repaired: their items are fetched by key and written
 * through the same page sink as a sync, so the write is monotonic and one transaction per page.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** BatchGetItem's own limit. */
    static final int FETCH_BATCH = 100;

    private final SourceKeys sourceKeys;
    private final KeyReconciler store;
    private final SourceItemFetcher fetcher;
    private final ItemParser parser;
    private final PageSink sink;

    public Reconciler(SourceKeys sourceKeys, KeyReconciler store, SourceItemFetcher fetcher, ItemParser parser,
                      PageSink sink) {
        this.sourceKeys = sourceKeys;
        this.store = store;
        this.fetcher = fetcher;
        this.parser = parser;
        this.sink = sink;
    }

    /**
     * @param counts {@code fetched} = source keys compared, {@code upserted} = rows repaired, {@code quarantined}
     *               = repaired items the parser rejected, {@code deleted} = rows soft-deleted (gone, or a
     *               repaired tombstone); balanced like every run's counts
     */
    public record Outcome(RunCounts counts, ReconcileCounts found, Map<String, Integer> drift) {
    }

    public Outcome reconcile(String runId, Instant at, boolean dryRun) {
        KeyReconciler.Result compared = store.reconcile(runId, at, dryRun, sourceKeys);
        PageWriter writer = new PageWriter(parser, sink, runId, null);
        if (!dryRun) {
            List<SourceKey> keys = compared.toRepair();
            for (int i = 0; i < keys.size(); i += FETCH_BATCH) {
                writer.write(fetcher.fetch(keys.subList(i, Math.min(keys.size(), i + FETCH_BATCH))));
            }
        }
        RunCounts repairs = writer.counts();
        int repaired = repairs.upserted();
        ReconcileCounts found = new ReconcileCounts(compared.missing(), compared.stale(), compared.softDeleted(),
                repaired);
        RunCounts counts = new RunCounts(compared.pages() + repairs.pages(), compared.sourceKeys(), repaired,
                compared.sourceKeys() - repaired - repairs.quarantined(), repairs.quarantined(),
                compared.softDeleted() + repairs.deleted());
        if (found.clean()) {
            log.info("run {} reconcile{}: {} source keys, PostgreSQL agrees", runId, dryRun ? " (dry run)" : "",
                    compared.sourceKeys());
        } else {
            log.warn("run {} reconcile{}: {} source keys; {} missing, {} stale, {} gone ({}soft-deleted); {} repaired",
                    runId, dryRun ? " (dry run)" : "", compared.sourceKeys(), found.missing(), found.stale(),
                    found.deleted(), dryRun ? "would be " : "", repaired);
        }
        return new Outcome(counts, found, writer.drift());
    }
}
