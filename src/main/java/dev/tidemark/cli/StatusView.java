package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.postgres.PostgresQuarantine;
import dev.tidemark.sync.CoverageGap;
import dev.tidemark.sync.Lateness;
import dev.tidemark.sync.PieceCounts;
import dev.tidemark.sync.ReconcilePass;
import dev.tidemark.sync.ReconcileCounts;
import dev.tidemark.sync.RunRecord;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything {@code tidemark status} shows, gathered once so text, JSON, the HTML report and the demo agree.
 *
 * @param minutesSinceLastSuccess minutes since the checkpoint was last written (by a successful run or an
 *                                operator), the same quantity the freshness alarm watches; null before the first
 * @param watermarkLagMinutes     how far behind now the committed watermark is
 * @param lastReconcile           the latest reconcile; what it found stays on the screen until a clean one
 * @param lastScheduled           the latest real scheduled run among {@code runs}, whose lateness is shown
 * @param pipeline                the pipeline ({@code TIDEMARK_PIPELINE_NAME}) every run, gap and count belongs to
 * @param reconcilePass           the latest reconcile pass (not dry): pieces done, started, found so far
 */
record StatusView(String pipeline, Instant now, String state, Long minutesSinceLastSuccess, int thresholdMinutes,
                  String checkpointLocation, Checkpoint checkpoint, Long watermarkLagMinutes,
                  List<RunRecord> runs, List<CoverageGap> gaps, long openQuarantine, RunRecord lastReconcile,
                  RunRecord lastScheduled, Duration overlapLag, ReconcilePass reconcilePass) {

    static StatusView gather(Tidemark app, Instant now, int thresholdMinutes, int lastRuns) {
        Checkpoint checkpoint = app.checkpoints().read().orElse(null);
        Long sinceSuccess = checkpoint == null ? null : minutes(checkpoint.committedAt(), now);
        Long lag = checkpoint == null ? null : minutes(checkpoint.watermark(), now);
        String state = sinceSuccess == null ? "never-synced" : sinceSuccess > thresholdMinutes ? "stale" : "fresh";
        List<RunRecord> runs = app.runLog().recent(lastRuns);
        RunRecord scheduled = runs.stream()
                .filter(r -> r.mode().equals("scheduled") && !r.dryRun() && r.finishedAt() != null)
                .findFirst().orElse(null);
        return new StatusView(app.config().pipelineName(), now, state, sinceSuccess, thresholdMinutes, app.checkpoints().location(), checkpoint,
                lag, runs, app.runLog().coverageGaps(), new PostgresQuarantine(app.dataSource(), app.config().pipelineName()).openCount(),
                app.runLog().lastReconcile().orElse(null), scheduled, app.config().overlapLag(),
                app.reconcilePasses().latest(false).orElse(null));
    }

    boolean healthy() {
        return state.equals("fresh");
    }

    /** The one line a failing {@code status} exits with. */
    String reason() {
        return switch (state) {
            case "never-synced" -> "no successful checkpoint yet at " + checkpointLocation;
            case "stale" -> "stale: last successful checkpoint " + minutesSinceLastSuccess + " min ago (threshold "
                    + thresholdMinutes + " min)";
            default -> "fresh";
        };
    }

    void print(PrintWriter out) {
        out.printf("Pipeline:    %s (runs, gaps and quarantine of this pipeline only)%n", pipeline);
        if (minutesSinceLastSuccess == null) {
            out.printf("Freshness:   NEVER SYNCED (no checkpoint at %s)%n", checkpointLocation);
        } else {
            out.printf("Freshness:   %s, %d min since the last successful checkpoint (alarm threshold %d min)%n",
                    state.toUpperCase(java.util.Locale.ROOT), minutesSinceLastSuccess, thresholdMinutes);
            out.printf("Checkpoint:  %s  watermark %s (%d min behind now), written %s by %s%n", checkpointLocation,
                    checkpoint.watermark(), watermarkLagMinutes, checkpoint.committedAt(),
                    checkpoint.runId() == null ? "an unknown writer" : "run " + checkpoint.runId());
        }
        if (gaps.isEmpty()) {
            out.println("Coverage:    no gaps: succeeded windows cover the timeline");
        } else {
            out.printf("Coverage:    %s in the timeline no succeeded run has covered:%n", Plurals.count(gaps.size(), "gap"));
            gaps.forEach(g -> out.printf("             [%s, %s)  %d min%n", g.from(), g.to(),
                    Duration.between(g.from(), g.to()).toMinutes()));
        }
        out.printf("Quarantine:  %d open%s%n", openQuarantine,
                openQuarantine == 0 ? "" : " (tidemark quarantine list; replay with tidemark quarantine replay)");
        printReconcile(out);
        printPass(out);
        if (lastScheduled != null) {
            Lateness late = lastScheduled.lateness();
            out.printf("Lateness:    %s, last scheduled run %s (overlap lag %s)%n", late.records() == 0
                    ? "none: no record arrived below the previous checkpoint"
                    : Plurals.count(late.records(), "record") + " arrived up to " + seconds(late.max())
                    + " below the previous checkpoint", lastScheduled.runId(), seconds(overlapLag));
            if (late.nearOverlap(overlapLag)) {
                out.println("             WARNING: lateness reached half the overlap lag; widen TIDEMARK_OVERLAP_LAG"
                        + " before writes are missed");
            }
        }
        java.util.Set<String> drift = new java.util.TreeSet<>();
        runs.forEach(r -> drift.addAll(r.drift().keySet()));
        if (!drift.isEmpty()) {
            out.printf("Drift:       %s in the last runs, kept in the unmapped-attributes column%n",
                    String.join(", ", drift));
            printDriftSuggestions(out, drift);
        }
        out.printf("%nLast %s:%n", runs.size() == 1 ? "run" : Plurals.count(runs.size(), "run"));
        RunTable.print(out, runs);
    }

    /** For each drift field (at most 5): the mapping line that maps it, and the command that promotes it. */
    static void printDriftSuggestions(PrintWriter out, java.util.Collection<String> fields) {
        fields.stream().limit(5).forEach(f -> out.printf("             map it: %s   or: %s%n",
                dev.tidemark.core.mapping.DriftSuggestion.line(f), dev.tidemark.core.mapping.DriftSuggestion.command(f)));
    }

    /** A reconcile that found anything stays on the screen until the next clean one. */
    private void printReconcile(PrintWriter out) {
        ReconcileCounts found = lastReconcile == null ? null : lastReconcile.reconcile();
        if (found == null) {
            out.println("Reconcile:   none yet (tidemark reconcile compares every source key and updatedAt)");
        } else if (found.clean()) {
            out.printf("Reconcile:   clean, run %s at %s: PostgreSQL agrees with the source%n",
                    lastReconcile.runId(), lastReconcile.startedAt());
        } else {
            out.printf("Reconcile:   FOUND DIFFERENCES, run %s%s at %s: %d missing, %d stale, %d deleted; %d repaired"
                            + " (shown until the next clean reconcile)%n", lastReconcile.runId(),
                    lastReconcile.dryRun() ? " (dry run)" : "", lastReconcile.startedAt(), found.missing(),
                    found.stale(), found.deleted(), found.repaired());
        }
    }

    /** The current (or last) pass: how far it is, and what its pieces found so far. */
    private void printPass(PrintWriter out) {
        if (reconcilePass == null) {
            return;
        }
        PieceCounts f = reconcilePass.found();
        out.printf("Pass:        %s %s, %d/%d pieces done, started %s (%s ago)%s: %,d source keys and %,d rows"
                        + " compared; %d missing, %d stale, %d deleted; %d repaired%n", reconcilePass.passId(),
                reconcilePass.status(), reconcilePass.piecesDone(), reconcilePass.pieces(),
                reconcilePass.startedAt(), hours(reconcilePass.age(now)),
                reconcilePass.running() ? " so far" : "", f.keys(), f.checked(), f.missing(), f.stale(), f.deleted(),
                f.repaired());
    }

    private static String hours(Duration d) {
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static long minutes(Instant from, Instant to) {
        return Duration.between(from, to).toMinutes();
    }
}
