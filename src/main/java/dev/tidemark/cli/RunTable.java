package dev.tidemark.cli;

import dev.tidemark.sync.RunRecord;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Run records as a fixed-width table for terminals. */
final class RunTable {
    private RunTable() {
    }

    static void print(PrintStream out, List<RunRecord> runs) {
        out.printf("%-26s %-9s %-10s %-24s %-24s %7s %8s %9s %11s %8s%n", "RUN", "MODE", "STATUS", "WINDOW FROM",
                "WINDOW TO", "FETCHED", "UPSERTED", "UNCHANGED", "QUARANTINED", "SECONDS");
        for (RunRecord r : runs) {
            out.printf("%-26s %-9s %-10s %-24s %-24s %7d %8d %9d %11d %8s%n", r.runId(), r.mode(),
                    r.status().dbValue(), r.windowFrom() == null ? "-" : r.windowFrom(),
                    r.windowTo() == null ? "-" : r.windowTo(), r.counts().fetched(), r.counts().upserted(),
                    r.counts().unchanged(), r.counts().quarantined(), seconds(r));
            if (r.error() != null) {
                out.println("    " + r.error());
            }
        }
    }

    private static String seconds(RunRecord r) {
        if (r.finishedAt() == null) {
            return "-";
        }
        return String.format("%.2f", Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0);
    }
}
