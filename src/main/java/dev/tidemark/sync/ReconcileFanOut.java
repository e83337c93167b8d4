package dev.tidemark.sync;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A reconcile pass fanned out on the backfill state machine (the same Step Functions Distributed Map): the plan
 * step opens (or continues) the pass and lists its unfinished pieces, the map runs {@link #piece} once per piece
 * on as many functions as its concurrency allows, and the summary step continues whatever is left and completes
 * the pass. Pieces take no sync lock (see {@link Reconciler}); each holds its own piece lock.
 */
public final class ReconcileFanOut {
    /** Execution names of fanned-out reconciles start with this; the steps tell them from backfills by it. */
    public static final String PREFIX = "reconcile-";

    private final SyncService runs;
    private final Reconciler reconciler;
    private final ReconcileProgress progress;
    private final Clock clock;

    public ReconcileFanOut(SyncService runs, Reconciler reconciler, ReconcileProgress progress, Clock clock) {
        this.runs = runs;
        this.reconciler = reconciler;
        this.progress = progress;
        this.clock = clock;
    }

    public static boolean isReconcile(String executionName) {
        return executionName != null && executionName.startsWith(PREFIX);
    }

    /** The running pass (or a new one) and its unfinished pieces, one map item each. */
    public Plan plan(String executionName) {
        ReconcilePass pass = reconciler.open("pass-" + executionName, clock.instant());
        return new Plan(pass.passId(), reconciler.unfinishedPieces(pass.passId()));
    }

    public record Plan(String passId, List<Integer> pieces) {
        public Plan {
            pieces = List.copyOf(pieces);
        }
    }

    /**
     * One map item: works on {@code piece} until it is done or the budget is out. A piece not finished within the
     * invocation fails the task (its cursor is kept), so the map's retry continues it where it stopped.
     */
    public RunRecord piece(int piece, TimeBudget budget) {
        RunRecord run = runs.run(new RunRequest.Reconcile(false, false, piece, null), budget).getFirst();
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("reconcile piece " + piece + " is not finished after run " + run.runId()
                    + " (" + run.error() + "); its cursor is kept, and the retry continues it");
        }
        return run;
    }

    /**
     * The summary step: if the pass is still running (pieces the map could not finish), one more invocation
     * continues it, and completes it once every piece is done; a pass the last piece already completed is only
     * reported (no new pass is started). Returns the pass as it then stands.
     */
    public ReconcilePass summarize(TimeBudget budget) {
        Optional<ReconcilePass> pass = progress.latest(false);
        if (pass.isPresent() && pass.get().running()) {
            runs.run(new RunRequest.Reconcile(false), budget);
        }
        return progress.latest(false).orElseThrow(() -> new IllegalStateException("no reconcile pass to summarize"));
    }
}
