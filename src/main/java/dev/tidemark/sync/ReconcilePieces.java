package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The page loop of one invocation's reconcile pieces. Every page is bounded by the page size: a Scan piece
 * compares one page of source keys with the store and repairs what is missing or stale through the page sink (one
 * transaction); a gone-row piece takes the next page of live rows in key order, asks the source which it holds
 * ({@code BatchGetItem}, eventually consistent), confirms each one not found with a strongly consistent read, and soft-deletes only those (and only if the row is
 * unchanged since it was read). After each page the piece's cursor and counts are written, so nothing is held
 * from one page to the next but the cursor.
 */
final class ReconcilePieces {
    private final SourceKeys sourceKeys;
    private final KeyReconciler store;
    private final SourceItemFetcher fetcher;
    private final ReconcileProgress progress;
    private final PageWriter<?> writer;
    private final int pageSize;
    private final String runId;
    private final String passId;
    private final Instant at;
    private final boolean dryRun;
    private PieceCounts counts = PieceCounts.ZERO;

    ReconcilePieces(SourceKeys sourceKeys, KeyReconciler store, SourceItemFetcher fetcher, ReconcileProgress progress,
                    PageWriter<?> writer, int pageSize, String runId, String passId, Instant at, boolean dryRun) {
        this.sourceKeys = sourceKeys;
        this.store = store;
        this.fetcher = fetcher;
        this.progress = progress;
        this.writer = writer;
        this.pageSize = pageSize;
        this.runId = runId;
        this.passId = passId;
        this.at = at;
        this.dryRun = dryRun;
    }

    /** One page's outcome: where the piece continues, whether it is done, and what the page found. */
    private record Step(String cursor, boolean done, PieceCounts found) {
    }

    /**
     * Works on {@code piece} page by page while {@code mayGoOn} says so (asked before every page), holding
     * {@code held}, which is verified before every write. Returns true once the piece is done.
     */
    boolean run(ReconcilePiece piece, RunLock.Held held, BooleanSupplier mayGoOn) {
        String cursor = piece.cursor();
        while (mayGoOn.getAsBoolean()) {
            Step step = piece.kind() == ReconcilePiece.Kind.SCAN ? scanPage(piece, cursor, held)
                    : gonePage(piece, cursor, held);
            held.verify();
            progress.advance(passId, piece.piece(), step.cursor(), step.done(), step.found());
            counts = counts.plus(step.found());
            if (step.done()) {
                return true;
            }
            cursor = step.cursor();
        }
        return false;
    }

    private Set<String> present(List<String> keys, boolean consistent) {
        Set<String> present = new HashSet<>();
        for (int i = 0; i < keys.size(); i += Reconciler.FETCH_BATCH) {
            present.addAll(fetcher.present(keys.subList(i, Math.min(keys.size(), i + Reconciler.FETCH_BATCH)),
                    consistent));
        }
        return present;
    }

    /** What this invocation's pieces found and did. */
    PieceCounts counts() {
        return counts;
    }

    private Step scanPage(ReconcilePiece piece, String cursor, RunLock.Held held) {
        SourceKeys.KeyPage page = sourceKeys.page(piece.segment(), piece.segments(), cursor, pageSize);
        KeyReconciler.Comparison compared = page.keys().isEmpty()
                ? new KeyReconciler.Comparison(List.of(), List.of()) : store.compare(page.keys());
        long repaired = 0;
        List<SourceKey> toRepair = compared.toRepair();
        if (!dryRun && !toRepair.isEmpty()) {
            List<SourceItem> items = new ArrayList<>(toRepair.size());
            for (int i = 0; i < toRepair.size(); i += Reconciler.FETCH_BATCH) {
                items.addAll(fetcher.fetch(toRepair.subList(i, Math.min(toRepair.size(), i + Reconciler.FETCH_BATCH))));
            }
            if (!items.isEmpty()) {
                held.verify();
                repaired = writer.write(items).upserted();
            }
        }
        return new Step(page.next(), page.next() == null, new PieceCounts(1, page.keys().size(), 0,
                compared.missing().size(), compared.stale().size(), 0, repaired));
    }

    private Step gonePage(ReconcilePiece piece, String cursor, RunLock.Held held) {
        List<KeyReconciler.StoredKey> rows = store.liveKeys(cursor != null ? cursor : piece.fromKey(), piece.toKey(),
                pageSize);
        if (rows.isEmpty()) {
            return new Step(cursor, true, new PieceCounts(1, 0, 0, 0, 0, 0, 0));
        }
        // An eventually consistent read first (half the read units): what it finds is there. Only the keys it
        // does not find are asked again, strongly consistent, before anything is soft-deleted.
        Set<String> seen = present(rows.stream().map(KeyReconciler.StoredKey::key).toList(), false);
        List<String> unseen = rows.stream().map(KeyReconciler.StoredKey::key).filter(k -> !seen.contains(k)).toList();
        Set<String> confirmed = unseen.isEmpty() ? Set.of() : present(unseen, true);
        List<KeyReconciler.StoredKey> gone = rows.stream()
                .filter(r -> !seen.contains(r.key()) && !confirmed.contains(r.key())).toList();
        if (gone.size() == rows.size() && rows.size() > 1 && progress.latest(dryRun).map(p -> p.found().keys())
                .orElse(0L) + counts.keys() == 0) {
            // Every row of a page gone, and the pass has not seen one source key yet: far likelier a wrong table or
            // a permissions problem than a source that lost every item.
            throw new IllegalStateException("the source holds none of " + rows.size() + " live rows and the pass has"
                    + " compared no source key yet; refusing to soft-delete them (check the table name)");
        }
        long deleted = gone.size();
        if (!dryRun && !gone.isEmpty()) {
            held.verify();
            deleted = store.softDelete(runId, at, gone);
        }
        String last = rows.getLast().key();
        return new Step(last, rows.size() < pageSize, new PieceCounts(1, 0, rows.size(), 0, 0, deleted, 0));
    }
}
