package dev.tidemark.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code sync_runs}: what a run was asked to do, what it read and wrote, and how it ended.
 *
 * @param drift source field names the parser did not know, with how many items carried each
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
        Instant finishedAt) {

    public RunRecord {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        drift = drift == null ? Map.of() : Map.copyOf(drift);
    }
}
