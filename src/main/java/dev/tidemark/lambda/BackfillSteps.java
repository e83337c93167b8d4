package dev.tidemark.lambda;

import dev.tidemark.core.Slice;
import dev.tidemark.sync.BackfillPlan;
import dev.tidemark.sync.BackfillSlices;
import dev.tidemark.sync.BackfillSummary;
import dev.tidemark.sync.ReconcileFanOut;
import dev.tidemark.sync.ReconcilePass;
import dev.tidemark.sync.TimeBudget;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three steps of the backfill state machine (template.yaml, {@code BackfillStateMachine}), each one
 * invocation of this function:
 * <pre>
 * {"mode":"plan","backfillId":"…","from":"2026-11-01","to":"2026-11-30"}  → {"backfillId","slices":[{"day","shard"}…]}
 * {"mode":"slice","backfillId":"…","day":"2026-11-01","shard":null}       → the slice's run record
 * {"mode":"summary","backfillId":"…"}                                      → the backfill as a whole
 * </pre>
 * The plan's slices are kept to day and shard: the list travels in one state payload. The state machine passes
 * its execution input to the plan as {@code input}; an input of {@code {"reconcile": true}} (an execution named
 * {@code reconcile-…}) fans a reconcile pass out instead: the plan lists the pass's unfinished pieces as items
 * {@code {"piece": n}}, each slice works on one piece, and the summary completes the pass.
 */
final class BackfillSteps {
    private BackfillSteps() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> handle(BackfillSlices backfills, ReconcileFanOut reconciles, String mode,
                                      Map<String, Object> event, TimeBudget budget) {
        Map<String, Object> e = event == null ? Map.of() : event;
        String backfillId = RunRequests.text(e, "backfillId");
        if (ReconcileFanOut.isReconcile(backfillId)) {
            return reconcileStep(reconciles, mode, backfillId, e, budget);
        }
        Map<String, Object> input = e.get("input") instanceof Map<?, ?> m ? (Map<String, Object>) m : e;
        return switch (mode) {
            case "plan" -> toMap(backfills.plan(backfillId, RunRequests.date(input, "from"),
                    RunRequests.date(input, "to")));
            case "slice" -> {
                Slice slice = new Slice(RunRequests.date(e, "day"), shard(e.get("shard")));
                Map<String, Object> response = new LinkedHashMap<>(
                        RunResponses.toMap(backfills.slice(backfillId, slice, budget)));
                response.put("slice", slice.key());
                yield response;
            }
            case "summary" -> toMap(backfills.summarize(backfillId));
            default -> throw new IllegalArgumentException("not a backfill step: " + mode);
        };
    }

    private static Map<String, Object> reconcileStep(ReconcileFanOut reconciles, String mode, String executionName,
                                                     Map<String, Object> e, TimeBudget budget) {
        return switch (mode) {
            case "plan" -> {
                ReconcileFanOut.Plan plan = reconciles.plan(executionName);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("backfillId", executionName);
                m.put("passId", plan.passId());
                m.put("slices", plan.pieces().stream().map(piece -> {
                    Map<String, Object> item = new HashMap<>();
                    item.put("day", null);
                    item.put("shard", null);
                    item.put("piece", piece);
                    return item;
                }).toList());
                yield m;
            }
            case "slice" -> {
                Map<String, Object> response = new LinkedHashMap<>(RunResponses.toMap(
                        reconciles.piece(RunRequests.wholeNumber(e.get("piece"), "piece"), budget)));
                response.put("slice", "piece " + e.get("piece"));
                yield response;
            }
            case "summary" -> {
                ReconcilePass pass = reconciles.summarize(budget);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("backfillId", executionName);
                m.put("mode", "summary");
                m.put("status", pass.completed() ? "succeeded" : "failed");
                m.put("passId", pass.passId());
                m.put("pieces", pass.pieces());
                m.put("piecesDone", pass.piecesDone());
                m.put("keys", pass.found().keys());
                m.put("missing", pass.found().missing());
                m.put("stale", pass.found().stale());
                m.put("deleted", pass.found().deleted());
                m.put("repaired", pass.found().repaired());
                yield m;
            }
            default -> throw new IllegalArgumentException("not a fan-out step: " + mode);
        };
    }

    private static Integer shard(Object value) {
        return value == null ? null : RunRequests.wholeNumber(value, "shard");
    }

    static Map<String, Object> toMap(BackfillPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backfillId", plan.backfillId());
        m.put("from", plan.from().toString());
        m.put("to", plan.to().toString());
        m.put("shards", plan.shards());
        List<Map<String, Object>> slices = plan.slices().stream().map(s -> {
            Map<String, Object> item = new HashMap<>();
            item.put("day", s.day().toString());
            item.put("shard", s.shard());
            item.put("piece", null);
            return item;
        }).toList();
        m.put("slices", slices);
        return m;
    }

    static Map<String, Object> toMap(BackfillSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backfillId", s.backfillId());
        m.put("mode", "summary");
        m.put("status", s.status());
        m.put("from", s.from().toString());
        m.put("to", s.to().toString());
        m.put("slices", s.slices());
        m.put("succeeded", s.succeeded());
        m.put("failed", s.failed());
        m.put("runs", s.runs());
        m.put("fetched", s.fetched());
        m.put("upserted", s.upserted());
        m.put("unchanged", s.unchanged());
        m.put("quarantined", s.quarantined());
        m.put("deleted", s.deleted());
        m.put("failedSlices", s.failedSlices());
        m.put("startedAt", s.startedAt().toString());
        m.put("finishedAt", s.finishedAt().toString());
        return m;
    }
}
