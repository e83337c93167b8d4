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
 * @param frontier  the committed frontier the walk reached: every record of the window stamped below it has
 *                  committed (the window's end when the walk finished)
 * @param stoppedAt where a walk that did not finish stopped, e.g. {@code inside 2026-11-30 at
 *                  2026-11-30T04:12:00.123Z (the lowest of 16 shards; 3 read to the end)}; null otherwise
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
        ReconcileCounts reconcile,
        Instant frontier,
        String stoppedAt) {

    public RunRecord {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        drift = drift == null ? Map.of() : Map.copyOf(drift);
        lateness = lateness == null ? Lateness.NONE : lateness;
    }

    /** A run that measured no lateness, is no reconcile and has no frontier (yet). */
    public RunRecord(String runId, String mode, String trigger, String eventId, Instant windowFrom, Instant windowTo,
                     List<LocalDate> partitions, int partitionsCompleted, RunCounts counts, Map<String, Integer> drift,
                     Instant checkpointBefore, Instant checkpointAfter, RunStatus status, String error,
                     boolean dryRun, Instant startedAt, Instant finishedAt) {
        this(runId, mode, trigger, eventId, windowFrom, windowTo, partitions, partitionsCompleted, counts, drift,
                checkpointBefore, checkpointAfter, status, error, dryRun, startedAt, finishedAt, Lateness.NONE, null,
                null, null);
    }

    public RunRecord withLateness(Lateness measured) {
        return new RunRecord(runId, mode, trigger, eventId, windowFrom, windowTo, partitions, partitionsCompleted,
                counts, drift, checkpointBefore, checkpointAfter, status, error, dryRun, startedAt, finishedAt,
                measured, reconcile, frontier, stoppedAt);
    }

    public RunRecord withReconcile(ReconcileCounts found) {
        return new RunRecord(runId, mode, trigger, eventId, windowFrom, windowTo, partitions, partitionsCompleted,
                counts, drift, checkpointBefore, checkpointAfter, status, error, dryRun, startedAt, finishedAt,
                lateness, found, frontier, stoppedAt);
    }

    /** This record with the walk's committed frontier and, for a walk that stopped early, where it stopped. */
    public RunRecord stoppedAt(Instant reached, String where) {
        return new RunRecord(runId, mode, trigger, eventId, windowFrom, windowTo, partitions, partitionsCompleted,
                counts, drift, checkpointBefore, checkpointAfter, status, error, dryRun, startedAt, finishedAt,
                lateness, reconcile, reached, where);
    }
}
