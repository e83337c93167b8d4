package dev.tidemark.lambda;

import dev.tidemark.sync.HealthReport;
import dev.tidemark.sync.RunRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The handler's response: the run record as plain JSON-friendly values. */
final class RunResponses {
    private RunResponses() {
    }

    static Map<String, Object> toMap(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", r.runId());
        m.put("mode", r.mode());
        m.put("status", r.status().dbValue());
        m.put("windowFrom", r.windowFrom() == null ? null : r.windowFrom().toString());
        m.put("windowTo", r.windowTo() == null ? null : r.windowTo().toString());
        m.put("partitions", r.partitions().size());
        m.put("partitionsCompleted", r.partitionsCompleted());
        m.put("pages", r.counts().pages());
        m.put("fetched", r.counts().fetched());
        m.put("upserted", r.counts().upserted());
        m.put("unchanged", r.counts().unchanged());
        m.put("quarantined", r.counts().quarantined());
        m.put("deleted", r.counts().deleted());
        if (r.mode().equals("scheduled")) {
            m.put("lateRecords", r.lateness().records());
            m.put("maxLatenessMs", r.lateness().max().toMillis());
        }
        if (r.reconcile() != null) {
            m.put("missing", r.reconcile().missing());
            m.put("stale", r.reconcile().stale());
            m.put("repaired", r.reconcile().repaired());
            m.put("reconcileDeleted", r.reconcile().deleted());
            m.put("passId", r.reconcile().passId());
        }
        m.put("checkpoint", r.checkpointAfter() == null ? null : r.checkpointAfter().toString());
        m.put("error", r.error());
        m.put("dryRun", r.dryRun());
        return m;
    }

    /** Several runs (a backfill's day slices): {@code succeeded} if every one did, else the first other status. */
    static Map<String, Object> toMap(List<RunRecord> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", runs.isEmpty() ? null : runs.getFirst().mode());
        m.put("status", runs.stream().map(r -> r.status().dbValue())
                .filter(s -> !s.equals("succeeded")).findFirst().orElse("succeeded"));
        m.put("runs", runs.stream().map(RunResponses::toMap).toList());
        return m;
    }

    static Map<String, Object> toMap(HealthReport h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "health");
        m.put("status", h.hasCheckpoint() ? "ok" : "no-checkpoint");
        m.put("checkedAt", h.checkedAt().toString());
        m.put("lastSuccessAt", h.hasCheckpoint() ? h.lastSuccessAt().toString() : null);
        m.put("lastRunId", h.lastRunId());
        m.put("watermark", h.hasCheckpoint() ? h.watermark().toString() : null);
        m.put("minutesSinceLastSuccess", h.hasCheckpoint() ? h.minutesSinceLastSuccess() : null);
        return m;
    }
}
