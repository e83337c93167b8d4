package dev.tidemark.cli;

import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Run records as a fixed-width table for terminals, newest first, with each error on its own line. */
final class RunTable {
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-26s %-10s %-10s %-31s %8s %8s %9s %11s %8s%n";

    private RunTable() {
    }

    static void print(PrintWriter out, List<RunRecord> runs) {
        out.printf(ROW, "RUN", "MODE", "STATUS", "WINDOW (UTC)", "FETCHED", "UPSERTED", "UNCHANGED", "QUARANTINED",
                "DURATION");
        for (RunRecord r : runs) {
            out.printf(ROW, r.runId(), r.mode() + (r.dryRun() ? "*" : ""), r.status().dbValue(), window(r),
                    r.counts().fetched(), r.counts().upserted(), r.counts().unchanged(), r.counts().quarantined(),
                    duration(r));
            if (r.stoppedAt() != null && r.status() != RunStatus.FAILED) {
                out.println("    stopped " + r.stoppedAt());
            } else if (r.error() != null) {
                out.println("    error: " + abbreviate(r.error().replace('\n', ' '), 160));
            }
        }
        if (runs.stream().anyMatch(RunRecord::dryRun)) {
            out.println("(* dry run: nothing written)");
        }
    }

    static String window(RunRecord r) {
        if (r.windowFrom() == null || r.windowTo() == null) {
            return "-";
        }
        return SHORT.format(r.windowFrom()) + " → " + SHORT.format(r.windowTo());
    }

    static String duration(RunRecord r) {
        if (r.finishedAt() == null) {
            return "running";
        }
        return String.format("%.2fs", Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0);
    }

    static String time(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
