package dev.tidemark.sync;

import dev.tidemark.core.Checkpoint;
import dev.tidemark.core.SyncWindow;
import dev.tidemark.core.WindowPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The runs: scheduled (lock, read the checkpoint, plan the window, walk it, and move the checkpoint only to a
 * point below which every record has committed), backfills and reruns (explicit windows that never touch the
 * checkpoint), reconciles (see {@link Reconciler}), and dry runs of each. Every run leaves a {@code sync_runs} row; a
 * run that gives up records {@code failed} and throws {@link SyncFailedException}.
 */
public final class SyncService {
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);
    /** Runs that may go beside any other (backfill slices) hold this instead of the sync lock. */
    static final RunLock.Held NO_LOCK = () -> { };

    private final SourceReader source;
    private final RowPipeline<?> pipeline;
    private final CheckpointStore checkpoints;
    private final RunLog runLog;
    private final RunGuard guard;
    private final WindowPlanner planner;
    private final Clock clock;
    private final CatchUpLimits limits;
    private final Reconciler reconciler;
    private final RecentSweep recentSweep;

    /** @param pipeline how a page is parsed and written: today's model, or a mapping's */
    public SyncService(SourceReader source, RowPipeline<?> pipeline, CheckpointStore checkpoints,
                       RunLog runLog, RunLock lock, WindowPlanner planner, Clock clock, CatchUpLimits limits,
                       Reconciler reconciler, RecentSweep recentSweep) {
        this.source = source;
        this.pipeline = pipeline;
        this.checkpoints = checkpoints;
        this.runLog = runLog;
        this.guard = new RunGuard(lock, runLog, clock);
        this.planner = planner;
        this.clock = clock;
        this.limits = limits;
        this.reconciler = reconciler;
        this.recentSweep = recentSweep;
    }

    /**
     * How far one run may go before it stops after a committed page and leaves the rest to the next run.
     *
     * @param maxDaysPerRun   partitions past the checkpoint's own day one run may take on
     * @param reserve         time kept back for the last page, the checkpoint write and the run record;
     *                        no page is read with less than this remaining (once the run has made progress)
     */
    public record CatchUpLimits(int maxDaysPerRun, Duration reserve) {
    }

    /** Runs a request. A backfill returns one record per day slice; every other request returns one record. */
    public List<RunRecord> run(RunRequest request, TimeBudget budget) {
        return switch (request) {
            case RunRequest.Scheduled s -> guard.locked(s.dryRun(), "scheduled", s.trigger(), s.eventId(),
                    held -> List.of(scheduled(s, held, budget)));
            case RunRequest.Backfill b -> guard.locked(b.dryRun(), "backfill", "manual", null,
                    held -> backfill(b, held, budget));
            case RunRequest.Rerun r -> guard.locked(r.dryRun(), "rerun", "rerun:" + r.runId(), null,
                    held -> List.of(rerun(r, held, budget)));
            // A reconcile takes no sync lock: see Reconciler.
            case RunRequest.Reconcile r -> List.of(reconcile(r, budget));
        };
    }

    public RunRecord runScheduled(String trigger, String eventId, TimeBudget budget) {
        return run(new RunRequest.Scheduled(trigger, eventId, false), budget).getFirst();
    }

    private RunRecord scheduled(RunRequest.Scheduled request, RunLock.Held held, TimeBudget budget) {
        Instant startedAt = clock.instant();
        Optional<Checkpoint> before;
        try {
            before = checkpoints.read();
        } catch (RuntimeException | Error unreadable) {
            // No window can be planned, but the run still leaves its row, and fails loudly.
            RunRecord failed = new RunRecord(RunIds.next(startedAt), "scheduled", request.trigger(), request.eventId(),
                    null, null, List.of(), 0, RunCounts.ZERO, Map.of(), null, null, RunStatus.RUNNING, null,
                    request.dryRun(), startedAt, null);
            runLog.start(failed);
            throw fail(failed, RunCounts.ZERO, 0, Map.of(), unreadable);
        }
        SyncWindow window = planner.plan(before, startedAt);
        Instant watermarkBefore = before.map(Checkpoint::watermark).orElse(null);
        RunRecord running = running("scheduled", request.trigger(), request.eventId(), window, watermarkBefore,
                request.dryRun(), startedAt);
        // Page by page while the budget lasts, inside a day if need be, but always past the checkpoint it
        // started from (every run moves forward); then checkpoint the committed frontier.
        Instant floor = watermarkBefore == null ? window.from() : watermarkBefore;
        LocalDate lastAllowed = WindowPlanner.utcDate(floor).plusDays(limits.maxDaysPerRun());
        return walk(running, window, held, RunPace.scheduled(budget, RunPace.reserve(budget, limits.reserve()), floor, lastAllowed), watermark -> {
            if (request.dryRun() || (watermarkBefore != null && !watermark.isAfter(watermarkBefore))) {
                return null;
            }
            held.verify();
            checkpoints.write(new Checkpoint(watermark, running.runId(), clock.instant()));
            return watermark;
        });
    }

    private List<RunRecord> backfill(RunRequest.Backfill request, RunLock.Held held, TimeBudget budget) {
        List<RunRecord> runs = new ArrayList<>();
        Duration reserve = RunPace.reserve(budget, limits.reserve());
        Instant limit = clock.instant().minus(planner.settleDelay());
        if (!WindowPlanner.startOfDay(request.from()).isBefore(limit)) {
            throw new IllegalArgumentException("nothing to backfill: " + request.from() + " has not begun yet");
        }
        for (LocalDate day = request.from(); !day.isAfter(request.to()); day = day.plusDays(1)) {
            Instant from = WindowPlanner.startOfDay(day);
            Instant to = WindowPlanner.startOfDay(day.plusDays(1));
            if (!from.isBefore(limit)) {
                log.info("backfill stops at {}: the day has not settled yet", day);
                break;
            }
            SyncWindow window = WindowPlanner.explicit(from, to.isBefore(limit) ? to : limit);
            RunRecord running = running("backfill", "manual", null, window, null, request.dryRun(),
                    clock.instant());
            if (!runs.isEmpty() && budget.remaining().compareTo(reserve) <= 0) {
                runs.add(skip(running, "time budget exhausted before this day; backfill again from " + day));
                continue;
            }
            // A slice is one partition: it is always completed, never split.
            runs.add(walk(running, window, held, RunPace.wholeDays(budget, reserve, day), frontier -> null));
        }
        return runs;
    }

    private RunRecord rerun(RunRequest.Rerun request, RunLock.Held held, TimeBudget budget) {
        RunRecord original = runLog.find(request.runId())
                .orElseThrow(() -> new IllegalArgumentException("no run with id " + request.runId()));
        if (original.windowFrom() == null || original.windowTo() == null) {
            throw new IllegalArgumentException("run " + request.runId() + " (" + original.mode() + ", "
                    + original.status().dbValue() + ") has no window to replay");
        }
        SyncWindow window = WindowPlanner.explicit(original.windowFrom(), original.windowTo());
        RunRecord running = running("rerun", "rerun:" + original.runId(), null, window, null, request.dryRun(),
                clock.instant());
        LocalDate first = window.partitions().isEmpty() ? LocalDate.MIN : window.partitions().getFirst();
        return walk(running, window, held, RunPace.wholeDays(budget, RunPace.reserve(budget, limits.reserve()), first), frontier -> null);
    }

    private RunRecord reconcile(RunRequest.Reconcile request, TimeBudget budget) {
        Instant startedAt = clock.instant();
        Duration reserve = RunPace.reserve(budget, limits.reserve());
        String trigger = request.piece() != null ? "piece:" + request.piece()
                : request.recent() != null ? "recent:" + request.recent() : "manual";
        RunRecord running = new RunRecord(RunIds.next(startedAt), "reconcile", trigger, null, null, null,
                List.of(), 0, RunCounts.ZERO, Map.of(), null, null, RunStatus.RUNNING, null, request.dryRun(),
                startedAt, null);
        runLog.start(running);
        try {
            Reconciler.Outcome r = request.recent() != null
                    ? recentSweep.sweep(running.runId(), startedAt, request.recent(), request.dryRun(), budget, reserve)
                    : reconciler.reconcile(running.runId(), startedAt, request, budget, reserve);
            return finish(running.withReconcile(r.found()), r.counts(), 0, r.drift(), null,
                    r.finished() ? RunStatus.SUCCEEDED : RunStatus.PARTIAL, r.note());
        } catch (RuntimeException | Error failure) {
            throw fail(running, RunCounts.ZERO, 0, Map.of(), failure);
        }
    }

    /** After the walk: given its committed frontier, writes the checkpoint and returns it, or null if it wrote none. */
    @FunctionalInterface
    interface Checkpointing {
        Instant afterWalk(Instant frontier);
    }

    /**
     * Records the run as started (refused for a duplicate event), walks the window day by day and page by page
     * as {@code pace} allows, checkpoints, and records the outcome and where the walk stopped.
     */
    private RunRecord walk(RunRecord running, SyncWindow window, RunLock.Held held, WindowWalk.Pace pace,
                           Checkpointing checkpointing) {
        return walk(running, window, held, pace, checkpointing, shard -> true);
    }

    private <R> WindowWalk<R> walk(RunRecord running, SyncWindow window, RowPipeline<R> rows,
                                   IntPredicate readsShard) {
        return new WindowWalk<>(source, running.dryRun() ? rows.dryRun() : rows, running.runId(), window,
                running.checkpointBefore(), readsShard);
    }

    /** As above, reading only the shards {@code readsShard} accepts (a backfill slice reads one). */
    RunRecord walk(RunRecord running, SyncWindow window, RunLock.Held held, WindowWalk.Pace pace,
                   Checkpointing checkpointing, IntPredicate readsShard) {
        if (!runLog.start(running)) {
            RunRecord duplicate = skip(running, "duplicate delivery of event " + running.eventId());
            log.info("run {} skipped: event {} was already handled", running.runId(), running.eventId());
            return duplicate;
        }
        log.info("run {} {}{} window [{}, {}) partitions {} checkpoint {} ({})", running.runId(), running.mode(),
                running.dryRun() ? " (dry run)" : "", window.from(), window.to(), window.partitions(),
                running.checkpointBefore(), checkpoints.location());
        WindowWalk<?> walk = walk(running, window, pipeline, readsShard);
        try {
            walk.walk(RunPace.verifyingLock(pace, held));
            boolean finished = walk.finished();
            Instant after = checkpointing.afterWalk(walk.frontier());
            RunWarnings.drift(running.runId(), walk.drift());
            RunWarnings.lateness(running.runId(), walk.lateness(), planner.overlapLag());
            String note = finished ? null : "stopped " + walk.stoppedAt() + " (time budget or max days per run); "
                    + (running.mode().equals("scheduled") ? "the next run continues" : "run it again for the rest");
            return finish(running.withLateness(walk.lateness()).stoppedAt(walk.frontier(),
                            finished ? null : walk.stoppedAt()), walk.counts(), walk.completed().size(), walk.drift(),
                    after, finished ? RunStatus.SUCCEEDED : RunStatus.PARTIAL, note);
        } catch (RuntimeException | Error failure) {
            log.error("run {} failed after {} committed pages; checkpoint left at {}", running.runId(),
                    walk.counts().pages(), running.checkpointBefore(), failure);
            throw fail(running.withLateness(walk.lateness()).stoppedAt(walk.frontier(), walk.stoppedAt()),
                    walk.counts(), walk.completed().size(), walk.drift(), failure);
        }
    }

    RunRecord running(String mode, String trigger, String eventId, SyncWindow window,
                              Instant checkpointBefore, boolean dryRun, Instant startedAt) {
        return new RunRecord(RunIds.next(startedAt), mode, trigger, eventId, window.from(), window.to(),
                window.partitions(), 0, RunCounts.ZERO, Map.of(), checkpointBefore, null, RunStatus.RUNNING, null,
                dryRun, startedAt, null);
    }

    private RunRecord skip(RunRecord running, String reason) {
        RunRecord skipped = withOutcome(running, RunCounts.ZERO, 0, Map.of(), null, RunStatus.SKIPPED, reason);
        runLog.start(skipped);
        return skipped;
    }

    private RunRecord finish(RunRecord running, RunCounts counts, int partitionsCompleted, Map<String, Integer> drift,
                             Instant checkpointAfter, RunStatus status, String note) {
        RunRecord done = withOutcome(running, counts, partitionsCompleted, drift, checkpointAfter, status, note);
        runLog.finish(done);
        log.info("run {} {}: {}", done.runId(), done.status().dbValue(), done.counts());
        return done;
    }

    private SyncFailedException fail(RunRecord running, RunCounts counts, int partitionsCompleted,
                                     Map<String, Integer> drift, Throwable failure) {
        RunRecord failed = withOutcome(running, counts, partitionsCompleted, drift, null, RunStatus.FAILED,
                SyncFailedException.describe(failure));
        try {
            runLog.finish(failed);
        } catch (RuntimeException unrecorded) {
            // The run log already retried on fresh connections for as long as its patience allows.
            log.error("run {} failed and its failure could not be recorded in sync_runs ({}): the row says running"
                    + " until a later run marks it failed after the function timeout; the failure was: {}",
                    running.runId(), unrecorded.getMessage(), failed.error());
            return new SyncFailedException(running.runId(), failure, unrecorded);
        }
        return new SyncFailedException(running.runId(), failure);
    }

    private RunRecord withOutcome(RunRecord r, RunCounts counts, int partitionsCompleted, Map<String, Integer> drift,
                                  Instant checkpointAfter, RunStatus status, String error) {
        return new RunRecord(r.runId(), r.mode(), r.trigger(), r.eventId(), r.windowFrom(), r.windowTo(),
                r.partitions(), partitionsCompleted, counts, drift, r.checkpointBefore(), checkpointAfter, status,
                error, r.dryRun(), r.startedAt(), clock.instant(), r.lateness(), r.reconcile(), r.frontier(),
                r.stoppedAt());
    }
}
