package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.postgres.PostgresQuarantine;
import dev.tidemark.sync.CoverageGap;
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
 */
record StatusView(Instant now, String state, Long minutesSinceLastSuccess, int thresholdMinutes,
                  String checkpointLocation, Checkpoint checkpoint, Long watermarkLagMinutes,
                  List<RunRecord> runs, List<CoverageGap> gaps, long openQuarantine) {

    static StatusView gather(Tidemark app, Instant now, int thresholdMinutes, int lastRuns) {
        Checkpoint checkpoint = app.checkpoints().read().orElse(null);
        Long sinceSuccess = checkpoint == null ? null : minutes(checkpoint.committedAt(), now);
        Long lag = checkpoint == null ? null : minutes(checkpoint.watermark(), now);
        String state = sinceSuccess == null ? "never-synced" : sinceSuccess > thresholdMinutes ? "stale" : "fresh";
        return new StatusView(now, state, sinceSuccess, thresholdMinutes, app.checkpoints().location(), checkpoint,
                lag, app.runLog().recent(lastRuns), app.runLog().coverageGaps(),
                new PostgresQuarantine(app.dataSource()).openCount());
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
        out.printf("%nLast %s:%n", runs.size() == 1 ? "run" : Plurals.count(runs.size(), "run"));
        RunTable.print(out, runs);
    }

    private static long minutes(Instant from, Instant to) {
        return Duration.between(from, to).toMinutes();
    }
}
