package dev.tidemark.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reconcile pass: every source key and its {@code updatedAt} against PostgreSQL, in bounded pieces that
 * continue across invocations. The pass is planned once: {@code segments} Scan segments of the source (missing
 * and stale rows, repaired through the same monotonic page sink as a sync, one transaction per page), then
 * {@code segments} ranges of content ids walked in key order (rows whose item is gone, confirmed by a strongly
 * consistent read, then soft-deleted). An invocation works piece by piece, page by page, while its budget lasts,
 * and stops after a committed page; the next one continues the pass from the persisted cursors.
 *
 * <p>It takes no sync lock: every write goes through the monotonic sink (a row is replaced only by a version at
 * least as new) or is a soft-delete of a row the source was just seen not to hold and that nobody has written
 * since; so a sync running beside it can neither lose a write nor see one resurrected. Each piece is locked on
 * its own, so two invocations never work on the same piece; an invocation that loses a piece's lock fails.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** BatchGetItem's own limit. */
    static final int FETCH_BATCH = 100;

    private final SourceKeys sourceKeys;
    private final KeyReconciler store;
    private final SourceItemFetcher fetcher;
    private final RowPipeline<?> pipeline;
    private final ReconcileProgress progress;
    private final int segments;
    private final int pageSize;
    private final Clock clock;
    private final FanOutEngine fanOut;

    /**
     * @param pipeline repairs are written through it, as a sync writes (today's model or a mapping's)
     * @param fanOut   where a pass one invocation did not complete is fanned out; null: it continues on the schedule
     */
    public Reconciler(SourceKeys sourceKeys, KeyReconciler store, SourceItemFetcher fetcher, RowPipeline<?> pipeline,
                      ReconcileProgress progress, int segments, int pageSize, Clock clock, FanOutEngine fanOut) {
        this.sourceKeys = sourceKeys;
        this.store = store;
        this.fetcher = fetcher;
        this.pipeline = pipeline;
        this.progress = progress;
        this.segments = segments;
        this.pageSize = pageSize;
        this.clock = clock;
        this.fanOut = fanOut;
    }

    /**
     * @param counts   {@code fetched} = source keys compared, {@code upserted} = rows repaired, {@code quarantined}
     *                 = repaired items the parser rejected, {@code deleted} = rows soft-deleted (gone, or a
     *                 repaired tombstone); balanced like every run's counts
     * @param found    what this invocation found, with the pass it worked on
     * @param finished the pass (or, for one piece, that piece) is done
     * @param pass     the pass as it stands after this invocation
     */
    public record Outcome(RunCounts counts, ReconcileCounts found, Map<String, Integer> drift, boolean finished,
                          ReconcilePass pass, String note) {
    }

    /**
     * The table is larger than one invocation covers: fans the rest of the pass out on the state machine, once per
     * pass (the execution is named after the pass, and Step Functions refuses a second execution of one name).
     */
    private String fanOut(String passId) {
        if (fanOut == null) {
            return "";
        }
        String name = ReconcileFanOut.PREFIX + passId;
        try {
            String execution = fanOut.startReconcile(name);
            log.info("reconcile pass {} did not complete in one invocation: fanned out as {}", passId, execution);
            return "; fanned out as " + name;
        } catch (RuntimeException alreadyOrNot) {
            // Already fanned out (ExecutionAlreadyExists), or Step Functions unreachable: the schedule continues it.
            log.info("reconcile pass {} not fanned out now: {}", passId, alreadyOrNot.getMessage());
            return "; fan-out " + name + " not started: " + alreadyOrNot.getClass().getSimpleName();
        }
    }

    /** The pieces of a new pass: the Scan segments, then the gone-row key ranges. */
    List<ReconcilePiece> plan() {
        List<ReconcilePiece> pieces = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            pieces.add(ReconcilePiece.scan(pieces.size(), s, segments));
        }
        List<String> bounds = store.boundaries(segments);
        String from = null;
        for (String bound : bounds) {
            pieces.add(ReconcilePiece.gone(pieces.size(), from, bound));
            from = bound;
        }
        pieces.add(ReconcilePiece.gone(pieces.size(), from, null));
        return pieces;
    }

    /** The running (real) pass, or a new one named {@code newPassId}: what a fan-out's plan step lists. */
    public ReconcilePass open(String newPassId, Instant at) {
        return progress.openOrContinue(newPassId, false, at, this::plan);
    }

    /** The pieces of {@code passId} not read to their end yet. */
    public List<Integer> unfinishedPieces(String passId) {
        return progress.pieces(passId).stream().filter(p -> !p.done()).map(ReconcilePiece::piece).toList();
    }

    /**
     * Continues the running pass (or starts one), piece by piece while {@code budget} is above {@code reserve};
     * always at least one page, so every invocation moves the pass forward.
     */
    public Outcome reconcile(String runId, Instant at, RunRequest.Reconcile request, TimeBudget budget,
                             Duration reserve) {
        boolean dryRun = request.dryRun();
        if (request.restart()) {
            progress.abandon(dryRun, at).ifPresent(p -> log.warn("run {}: reconcile pass {} abandoned ({} of {} pieces"
                    + " done); a new pass starts", runId, p.passId(), p.piecesDone(), p.pieces()));
        }
        ReconcilePass pass = progress.openOrContinue("pass-" + runId, dryRun, at, this::plan);
        PageWriter<?> writer = new PageWriter<>(pipeline, runId, null);
        ReconcilePieces pieces = new ReconcilePieces(sourceKeys, store, fetcher, progress, writer, pageSize, runId,
                pass.passId(), at, dryRun);
        boolean stopped = false;
        int busy = 0;
        boolean pieceDone = false;
        for (ReconcilePiece piece : progress.pieces(pass.passId())) {
            if (request.piece() != null && piece.piece() != request.piece()) {
                continue;
            }
            if (piece.done()) {
                pieceDone = true;
                continue;
            }
            if (pieces.counts().pages() > 0 && budget.remaining().compareTo(reserve) <= 0) {
                stopped = true;
                break;
            }
            Optional<RunLock.Held> lock = progress.pieceLock(pass.passId(), piece.piece()).tryAcquire();
            if (lock.isEmpty()) {
                busy++;
                continue;
            }
            try (RunLock.Held held = lock.get()) {
                pieceDone = pieces.run(piece, held, () -> pieces.counts().pages() == 0
                        || budget.remaining().compareTo(reserve) > 0);
            }
            if (!pieceDone) {
                stopped = true;
                break;
            }
        }
        ReconcilePass after = progress.completeIfDone(pass.passId(), clock.instant());
        boolean finished = request.piece() == null ? after.completed() : pieceDone;
        PieceCounts done = pieces.counts();
        RunCounts repairs = writer.counts();
        int keys = Math.toIntExact(done.keys());
        int repaired = repairs.upserted();
        ReconcileCounts found = new ReconcileCounts(Math.toIntExact(done.missing()), Math.toIntExact(done.stale()),
                Math.toIntExact(done.deleted()), repaired, pass.passId());
        RunCounts counts = new RunCounts(Math.toIntExact(done.pages()) + repairs.pages(), keys, repaired,
                keys - repaired - repairs.quarantined(), repairs.quarantined(),
                Math.toIntExact(done.deleted()) + repairs.deleted());
        String note = finished ? null : (stopped ? "time budget: " : "")
                + "pass " + pass.passId() + " at " + after.piecesDone() + "/" + after.pieces() + " pieces"
                + (busy > 0 ? "; " + busy + " piece(s) held by another invocation" : "")
                + (request.piece() == null && !dryRun && after.running() ? fanOut(pass.passId()) : "")
                + "; the next reconcile continues it";
        log.info("run {} reconcile{} pass {}: {} source keys compared, {} rows checked for deletion; {} missing,"
                        + " {} stale, {} gone; {} repaired; pass {} ({}/{} pieces)", runId, dryRun ? " (dry run)" : "",
                pass.passId(), keys, done.checked(), found.missing(), found.stale(), found.deleted(), repaired,
                after.status(), after.piecesDone(), after.pieces());
        return new Outcome(counts, found, writer.drift(), finished, after, note);
    }
}
