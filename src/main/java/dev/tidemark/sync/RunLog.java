package dev.tidemark.sync;

import java.util.List;
import java.util.Optional;

/** The run record store ({@code sync_runs}): every run, whatever its outcome, leaves a row. */
public interface RunLog {

    /** Records a run as started. Returns false if a run for the same event id was already recorded. */
    boolean start(RunRecord run);

    void finish(RunRecord run);

    Optional<RunRecord> find(String runId);

    List<RunRecord> recent(int limit);

    /**
     * The latest succeeded reconcile, dry or not: a dry run that found differences has repaired nothing, so it
     * matters at least as much; a clean one, dry or not, says the store agrees with the source.
     */
    Optional<RunRecord> lastReconcile();

    /**
     * The holes in the timeline covered by the windows of real (not dry) runs: a succeeded run covers
     * {@code [window_from, window_to)}, a partial one {@code [window_from, checkpoint_after)}. Oldest first;
     * empty when the covered windows form one unbroken stretch.
     */
    List<CoverageGap> coverageGaps();
}
