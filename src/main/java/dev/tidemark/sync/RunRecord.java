package dev.tidemark.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code sync_runs}: what a run was asked to do, what it read and wrote, and how it ended.
 *
 * @param drift     source field names the parser did not know, with how many written item versions carried each
 * @param lateness  scheduled runs: records written below the previous checkpoint, and how far below
 * @param reconcile reconcile runs: what the compare found and repaired; null for every other mode
 */
public record RunRecord(
        String runId,
        String mode,
        String trigger,
        String eventId,
        Instant windowFrom,
        Instant windowTo,
        List<LocalDate> partitions,
        int partitionsCompleted,
        RunCounts counts,
        Map<String, Integer> drift,
        Instant checkpointBefore,
        Instant checkpointAfter,
        RunStatus status,
        String error,
        boolean dryRun,
        Instant startedAt,
        Instant finishedAt,
        Lateness lateness,
        ReconcileCounts reconcile) {

    public RunRecord {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        drift = drift == null ? Map.of() : Map.copyOf(drift);
        lateness = lateness == null ? Lateness.NONE : lateness;
    }

    public RunRecord withLateness(Lateness measured) {
        return new RunRecord(runId, mode, trigger, eventId, windowFrom, windowTo, partitions, partitionsCompleted,
                counts, drift, checkpointBefore, checkpointAfter, status, error, dryRun, startedAt, finishedAt,
                measured, reconcile);
    }

    public RunRecord withReconcile(ReconcileCounts found) {
        return new RunRecord(runId, mode, trigger, eventId, windowFrom, windowTo, partitions, partitionsCompleted,
                counts, drift, checkpointBefore, checkpointAfter, status, error, dryRun, startedAt, finishedAt,
                lateness, found);
    }

    /** A run that measured no lateness and is no reconcile. */
    public RunRecord(String runId, String mode, String trigger, String eventId, Instant windowFrom, Instant windowTo,
                     List<LocalDate> partitions, int partitionsCompleted, RunCounts counts, Map<String, Integer> drift,
                     Instant checkpointBefore, Instant checkpointAfter, RunStatus status, String error,
                     boolean dryRun, Instant startedAt, Instant finishedAt) {
        this(runId, mode, trigger, eventId, windowFrom, windowTo, partitions, partitionsCompleted, counts, drift,
                checkpointBefore, checkpointAfter, status, error, dryRun, startedAt, finishedAt, Lateness.NONE, null);
    }
}
