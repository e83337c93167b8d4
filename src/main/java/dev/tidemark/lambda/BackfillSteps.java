package dev.tidemark.lambda;

import dev.tidemark.core.Slice;
import dev.tidemark.sync.BackfillPlan;
import dev.tidemark.sync.BackfillSlices;
import dev.tidemark.sync.BackfillSummary;
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
 * The plan's slices are kept to day and shard: the list travels in one state payload.
 */
final class BackfillSteps {
    private BackfillSteps() {
    }

    static Map<String, Object> handle(BackfillSlices backfills, String mode, Map<String, Object> event,
                                      TimeBudget budget) {
        Map<String, Object> e = event == null ? Map.of() : event;
        String backfillId = RunRequests.text(e, "backfillId");
        return switch (mode) {
            case "plan" -> toMap(backfills.plan(backfillId, RunRequests.date(e, "from"), RunRequests.date(e, "to")));
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
