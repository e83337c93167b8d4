package dev.tidemark.sync;

import dev.tidemark.core.SyncWindow;
import dev.tidemark.core.WindowPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code reconcile --recent P2D}: the cheap sweep for the common late write (minutes or hours late). It reads the
 * items stamped in {@code [now − recent, now − settleDelay)} from the GSI, day partition by day partition and
 * every shard (key conditions, as a sync reads), compares them with the store, and writes only the missing and
 * stale ones through the page sink. Its cost is proportional to that stretch of writes, not to the table. A write
 * stamped earlier than {@code recent} ago is not looked at (by design: the full pass finds it), and neither are
 * hard deletes, which only the full pass sees.
 */
public final class RecentSweep {
    private static final Logger log = LoggerFactory.getLogger(RecentSweep.class);

    private final SourceReader source;
    private final RowPipeline<?> pipeline;
    private final KeyReconciler store;
    private final Duration settleDelay;

    /** @param pipeline the pipeline the sync writes through (today's model or a mapping's) */
    public RecentSweep(SourceReader source, RowPipeline<?> pipeline, KeyReconciler store, Duration settleDelay) {
        this.source = source;
        this.pipeline = pipeline;
        this.store = store;
        this.settleDelay = settleDelay;
    }

    /** Sweeps while {@code budget} is above {@code reserve} (always at least one page); no lock, like a pass. */
    public Reconciler.Outcome sweep(String runId, Instant at, Duration recent, boolean dryRun, TimeBudget budget,
                                    Duration reserve) {
        return sweep(pipeline, runId, at, recent, dryRun, budget, reserve);
    }

    private <R> Reconciler.Outcome sweep(RowPipeline<R> through, String runId, Instant at, Duration recent,
                                         boolean dryRun, TimeBudget budget, Duration reserve) {
        Instant to = at.minus(settleDelay);
        SyncWindow window = WindowPlanner.explicit(at.minus(recent), to);
        ComparingPipeline<R> compared = new ComparingPipeline<>(store, through, dryRun);
        WindowWalk<R> walk = new WindowWalk<>(source, compared, runId, window, null, shard -> true);
        walk.walk(new WindowWalk.Pace() {
            private boolean read;

            @Override
            public boolean mayStartDay(LocalDate day, Instant frontier) {
                return !read || budget.remaining().compareTo(reserve) > 0;
            }

            @Override
            public boolean mayReadPage(Instant frontier, boolean lowestHasPagePastFloor) {
                boolean go = !read || budget.remaining().compareTo(reserve) > 0;
                read = true;
                return go;
            }
        });
        RunCounts counts = walk.counts();
        ReconcileCounts found = new ReconcileCounts(Math.toIntExact(compared.missing()),
                Math.toIntExact(compared.stale()), 0, counts.upserted());
        log.info("run {} recent sweep{} of [{}, {}): {} items read, {} missing, {} stale, {} repaired", runId,
                dryRun ? " (dry run)" : "", window.from(), window.to(), counts.fetched(), found.missing(),
                found.stale(), found.repaired());
        String note = walk.finished() ? null : "time budget: stopped " + walk.stoppedAt()
                + "; run the sweep again (it starts over: it is no pass)";
        return new Reconciler.Outcome(counts, found, walk.drift(), walk.finished(), null, note);
    }
}
