package dev.tidemark.sync;

import dev.tidemark.core.Checkpoint;
import dev.tidemark.core.SyncWindow;
import dev.tidemark.core.WindowPlanner;
import dev.tidemark.core.parse.ItemParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduled incremental run: lock, read the checkpoint, plan the window, walk it, and move the
 * checkpoint only to a point below which every record has committed. Every run leaves a {@code sync_runs}
 * row; a run that gives up records {@code failed} and throws.
 */
public final class SyncService {
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final SourceReader source;
    private final ItemParser parser;
    private final PageSink sink;
    private final CheckpointStore checkpoints;
    private final RunLog runLog;
    private final RunLock lock;
    private final WindowPlanner planner;
    private final Clock clock;
    private final CatchUpLimits limits;

    public SyncService(SourceReader source, ItemParser parser, PageSink sink, CheckpointStore checkpoints,
                       RunLog runLog, RunLock lock, WindowPlanner planner, Clock clock, CatchUpLimits limits) {
        this.source = source;
        this.parser = parser;
        this.sink = sink;
        this.checkpoints = checkpoints;
        this.runLog = runLog;
        this.lock = lock;
        this.planner = planner;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * How far one run may go before it stops at a partition boundary and leaves the rest to the next run.
     *
     * @param maxDaysPerRun   partitions past the checkpoint's own day one run may take on
     * @param reserve         time kept back for the last page, the checkpoint write and the run record;
     *                        no partition starts with less than this remaining
     */
    public record CatchUpLimits(int maxDaysPerRun, Duration reserve) {
    }

    public RunRecord runScheduled(String trigger, String eventId, TimeBudget budget) {
        Instant startedAt = clock.instant();
        String runId = RunIds.next(startedAt);
        Optional<RunLock.Held> held = lock.tryAcquire();
        if (held.isEmpty()) {
            RunRecord skipped = new RunRecord(runId, "scheduled", trigger, eventId, null, null, List.of(), 0,
                    RunCounts.ZERO, Map.of(), null, null, RunStatus.SKIPPED,
                    "another run holds the sync lock", false, startedAt, clock.instant());
            runLog.start(skipped);
            log.info("run {} skipped: another run holds the sync lock", runId);
            return skipped;
        }
        try (RunLock.Held ignored = held.get()) {
            return runIncremental(runId, trigger, eventId, startedAt, budget);
        }
    }

    private RunRecord runIncremental(String runId, String trigger, String eventId, Instant startedAt,
                                     TimeBudget budget) {
        Optional<Checkpoint> before = checkpoints.read();
        SyncWindow window = planner.plan(before, startedAt);
        Instant watermarkBefore = before.map(Checkpoint::watermark).orElse(null);
        RunRecord running = new RunRecord(runId, "scheduled", trigger, eventId, window.from(), window.to(),
                window.partitions(), 0, RunCounts.ZERO, Map.of(), watermarkBefore, null, RunStatus.RUNNING,
                null, false, startedAt, null);
        if (!runLog.start(running)) {
            log.info("run {} not started: event {} was already handled", runId, eventId);
            return withOutcome(running, RunCounts.ZERO, 0, Map.of(), null, RunStatus.SKIPPED,
                    "duplicate delivery of event " + eventId);
        }
        log.info("run {} window [{}, {}) partitions {}..{} checkpoint {} ({})", runId, window.from(), window.to(),
                window.partitions().getFirst(), window.partitions().getLast(), watermarkBefore, checkpoints.location());

        LocalDate mustComplete = WindowPlanner.utcDate(before.map(Checkpoint::watermark).orElse(window.from()));
        LocalDate lastAllowed = mustComplete.plusDays(limits.maxDaysPerRun());
        WindowWalk walk = new WindowWalk(source, parser, sink, runId);
        try {
            // Always finish the checkpoint's own day (so every run moves forward), then keep going while
            // the day limit and the time budget allow a whole further partition.
            walk.walk(window, partition -> !partition.isAfter(mustComplete)
                    || (!partition.isAfter(lastAllowed) && budget.remaining().compareTo(limits.reserve()) > 0));
            boolean finished = walk.completed().size() == window.partitions().size();
            Instant watermark = finished ? window.to() : partialWatermark(window, walk.completed());
            Instant after = null;
            if (watermarkBefore == null || watermark.isAfter(watermarkBefore)) {
                checkpoints.write(new Checkpoint(watermark, runId, clock.instant()));
                after = watermark;
            }
            logDrift(runId, walk.drift());
            RunRecord done = withOutcome(running, walk.counts(), walk.completed().size(), walk.drift(), after,
                    finished ? RunStatus.SUCCEEDED : RunStatus.PARTIAL,
                    finished ? null : "stopped at partition boundary " + watermark + " (time budget or max days per run); the next run continues");
            runLog.finish(done);
            log.info("run {} {}: {}", runId, done.status().dbValue(), done.counts());
            return done;
        } catch (RuntimeException | Error failure) {
            RunRecord failed = withOutcome(running, walk.counts(), walk.completed().size(), walk.drift(), null,
                    RunStatus.FAILED, describe(failure));
            try {
                runLog.finish(failed);
            } catch (RuntimeException recordFailure) {
                failure.addSuppressed(recordFailure);
            }
            log.error("run {} failed after {} committed pages; checkpoint left at {}", runId,
                    walk.counts().pages(), watermarkBefore, failure);
            throw new SyncFailedException(runId, failure);
        }
    }

    /** The start of the first partition not completed: every record below it has committed. */
    private static Instant partialWatermark(SyncWindow window, List<LocalDate> completed) {
        Instant boundary = WindowPlanner.startOfDay(completed.getLast().plusDays(1));
        return boundary.isBefore(window.to()) ? boundary : window.to();
    }

    private RunRecord withOutcome(RunRecord r, RunCounts counts, int partitionsCompleted, Map<String, Integer> drift,
                                  Instant checkpointAfter, RunStatus status, String error) {
        return new RunRecord(r.runId(), r.mode(), r.trigger(), r.eventId(), r.windowFrom(), r.windowTo(),
                r.partitions(), partitionsCompleted, counts, drift, r.checkpointBefore(), checkpointAfter, status,
                error, r.dryRun(), r.startedAt(), clock.instant());
    }

    private static void logDrift(String runId, Map<String, Integer> drift) {
        if (!drift.isEmpty()) {
            log.warn("run {} schema drift: unknown source fields kept in content.extra: {}", runId, drift);
        }
    }

    private static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = failure; t != null && message.length() < 2000; t = t.getCause()) {
            if (!message.isEmpty()) {
                message.append(" <- ");
            }
            message.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return message.toString();
    }
}
