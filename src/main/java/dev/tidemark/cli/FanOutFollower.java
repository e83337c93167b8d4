package dev.tidemark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.sync.FanOutEngine;
import dev.tidemark.sync.ReconcileFanOut;
import dev.tidemark.sync.FanOutProgress;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code backfill --fan-out}: starts one execution of the backfill state machine, shows its map run's slice
 * counts (a progress bar on a terminal, one line per change otherwise) until it ends, then prints the summary
 * step's record of the whole. A backfill that did not succeed exits 1 and says what to do.
 */
final class FanOutFollower {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliContext context;
    private final PrintWriter out;
    private final boolean bar;
    private final Consumer<Object> json;

    /** @param json prints the final record as JSON instead of text; null for text */
    FanOutFollower(CliContext context, PrintWriter out, boolean bar, Consumer<Object> json) {
        this.context = context;
        this.out = out;
        this.bar = bar;
        this.json = json;
    }

    int run(String stateMachine, LocalDate from, LocalDate to, Duration poll) {
        FanOutEngine engine = context.fanOut(stateMachine);
        String backfillId = "backfill-" + from + "-" + to + "-" + STAMP.format(context.clock().instant());
        String execution = engine.start(backfillId, from, to);
        text("backfill " + backfillId + " started: " + execution);
        FanOutProgress progress = follow(engine, execution, poll);
        Map<String, Object> summary = summary(progress.result());
        if (json != null) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("execution", execution);
            record.put("status", progress.status());
            record.put("error", progress.error());
            record.put("summary", summary);
            json.accept(record);
        } else if (summary != null) {
            text(String.format("backfill %s %s..%s: %s, %s slices: %s succeeded, %s failed, in %s runs; %s fetched,"
                            + " %s upserted, %s unchanged, %s quarantined", backfillId, from, to, summary.get("status"),
                    summary.get("slices"), summary.get("succeeded"), summary.get("failed"), summary.get("runs"),
                    summary.get("fetched"), summary.get("upserted"), summary.get("unchanged"),
                    summary.get("quarantined")));
        }
        out.flush();
        if (!progress.status().equals("SUCCEEDED")) {
            String why = summary != null ? "slices without success: " + summary.get("failedSlices")
                    : progress.error() + ": " + progress.result();
            throw new CommandFailure(1, "backfill " + backfillId + " " + progress.status().toLowerCase() + " (" + why
                    + "); slices are idempotent: start the same range again, or look up their runs with"
                    + " tidemark runs");
        }
        return 0;
    }

    /**
     * {@code reconcile --fan-out}: starts the running (or a new) reconcile pass on the same state machine, follows
     * its pieces, and prints the summary step's record; a pass the execution did not complete exits 1.
     */
    int runReconcile(String stateMachine, Duration poll) {
        FanOutEngine engine = context.fanOut(stateMachine);
        String name = ReconcileFanOut.PREFIX + STAMP.format(context.clock().instant());
        String execution = engine.startReconcile(name);
        text("reconcile " + name + " started: " + execution);
        FanOutProgress progress = follow(engine, execution, poll);
        Map<String, Object> summary = summary(progress.result());
        if (json != null) {
            json.accept(Map.of("execution", execution, "status", progress.status(),
                    "summary", summary == null ? Map.of() : summary));
        } else if (summary != null) {
            text(String.format("reconcile %s: pass %s %s, %s/%s pieces: %s source keys compared, %s missing, %s stale,"
                            + " %s deleted, %s repaired", name, summary.get("passId"),
                    "succeeded".equals(summary.get("status")) ? "completed" : "not completed", summary.get("piecesDone"),
                    summary.get("pieces"), summary.get("keys"), summary.get("missing"), summary.get("stale"),
                    summary.get("deleted"), summary.get("repaired")));
        }
        out.flush();
        if (!progress.status().equals("SUCCEEDED")) {
            throw new CommandFailure(1, "reconcile " + name + " " + progress.status().toLowerCase() + " ("
                    + progress.error() + "); the pass keeps its progress: run tidemark reconcile (or --fan-out) again"
                    + " to continue it");
        }
        return 0;
    }

    private FanOutProgress follow(FanOutEngine engine, String execution, Duration poll) {
        String last = null;
        while (true) {
            FanOutProgress p = engine.progress(execution);
            String state = p.slices() == 0 ? (p.ended() ? p.status().toLowerCase() : "planning")
                    : p.succeeded() + " succeeded, " + p.failed() + " failed, " + p.running() + " running";
            if (bar) {
                BackfillCommand.drawBar(out, p.succeeded() + p.failed(), p.slices(), "slices", state);
            } else if (!state.equals(last)) {
                text("slices " + (p.succeeded() + p.failed()) + "/" + p.slices() + ": " + state);
            }
            last = state;
            if (p.ended()) {
                if (bar) {
                    out.print("\r\033[2K");
                }
                return p;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure(1, "interrupted while following " + execution + "; it runs on without us");
            }
        }
    }

    /** The summary step's record, whether it came as the output or as the cause of the failed-slices state. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(String result) {
        if (result == null || !result.strip().startsWith("{")) {
            return null;
        }
        try {
            Map<String, Object> m = JSON.readValue(result, Map.class);
            return m.containsKey("backfillId") ? m : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private void text(String line) {
        if (json == null) {
            out.println(line);
            out.flush();
        }
    }
}
