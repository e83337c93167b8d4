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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The runs: scheduled (lock, read the checkpoint, plan the window, walk it, and move the checkpoint only to a
 * point below which every record has committed), backfills and reruns (explicit windows that never touch the
 * checkpoint), reconciles (hard deletes), and dry runs of each. Every run leaves a {@code sync_runs} row; a
 * run that gives up records {@code failed} and throws {@link SyncFailedException}.
 */
public final class SyncService {
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);
    /** Runs that may go beside any other (dry runs, backfill slices) hold this instead of the sync lock. */
    static final RunLock.Held NO_LOCK = () -> { };

    private final SourceReader source;
    private final ItemParser parser;
    private final PageSink sink;
    private final CheckpointStore checkpoints;
    private final RunLog runLog;
    private final RunLock lock;
    private final WindowPlanner planner;
    private final Clock clock;
    private final CatchUpLimits limits;
    private final Reconciliation reconciliation;

    public SyncService(SourceReader source, ItemParser parser, PageSink sink, CheckpointStore checkpoints,
                       RunLog runLog, RunLock lock, WindowPlanner planner, Clock clock, CatchUpLimits limits,
                       Reconciliation reconciliation) {
        this.source = source;
        this.parser = parser;
        this.sink = sink;
        this.checkpoints = checkpoints;
        this.runLog = runLog;
        this.lock = lock;
        this.planner = planner;
        this.clock = clock;
        this.limits = limits;
        this.reconciliation = reconciliation;
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

    /** The two sides of a reconcile: the source's keys and the store that compares them. */
    public record Reconciliation(SourceKeys sourceKeys, KeyReconciler reconciler) {
    }

    /** Runs a request. A backfill returns one record per day slice; every other request returns one record. */
    public List<RunRecord> run(RunRequest request, TimeBudget budget) {
        return switch (request) {
            case RunRequest.Scheduled s -> locked(s.dryRun(), "scheduled", s.trigger(), s.eventId(),
                    held -> List.of(scheduled(s, held, budget)));
            case RunRequest.Backfill b -> locked(b.dryRun(), "backfill", "manual", null,
                    held -> backfill(b, held, budget));
            case RunRequest.Rerun r -> locked(r.dryRun(), "rerun", "rerun:" + r.runId(), null,
                    held -> List.of(rerun(r, held, budget)));
            case RunRequest.Reconcile r -> locked(r.dryRun(), "reconcile", "manual", null,
                    held -> List.of(reconcile(r)));
        };
    }

    public RunRecord runScheduled(String trigger, String eventId, TimeBudget budget) {
        return run(new RunRequest.Scheduled(trigger, eventId, false), budget).getFirst();
    }

    /**
     * Runs {@code body} under the sync lock, or records a {@code skipped} run if another run holds it. Dry
     * runs write nothing a real run could disturb, so they take no lock and never make the schedule skip.
     */
    private List<RunRecord> locked(boolean dryRun, String mode, String trigger, String eventId,
                                   Function<RunLock.Held, List<RunRecord>> body) {
        if (dryRun) {
            return body.apply(NO_LOCK);
        }
        Optional<RunLock.Held> held = lock.tryAcquire();
        if (held.isEmpty()) {
            Instant now = clock.instant();
            RunRecord skipped = new RunRecord(RunIds.next(now), mode, trigger, eventId, null, null, List.of(), 0,
                    RunCounts.ZERO, Map.of(), null, null, RunStatus.SKIPPED, "another run holds the sync lock",
                    false, now, now);
            runLog.start(skipped);
            log.info("run {} ({}) skipped: another run holds the sync lock", skipped.runId(), mode);
            return List.of(skipped);
        }
        try (RunLock.Held h = held.get()) {
            return body.apply(h);
        }
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
        // Always finish the checkpoint's own day (so every run moves forward), then keep going while the day
        // limit and the time budget allow a whole further partition.
        LocalDate mustComplete = WindowPlanner.utcDate(watermarkBefore == null ? window.from() : watermarkBefore);
        LocalDate lastAllowed = mustComplete.plusDays(limits.maxDaysPerRun());
        return walk(running, window, held, mustComplete, lastAllowed, budget, (finished, completed) -> {
            Instant watermark = finished ? window.to() : partialWatermark(window, completed);
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
            if (!runs.isEmpty() && budget.remaining().compareTo(limits.reserve()) <= 0) {
                runs.add(skip(running, "time budget exhausted before this day; backfill again from " + day));
                continue;
            }
            // A slice is one partition: it is always completed, never split.
            runs.add(walk(running, window, held, day, day, budget, (finished, completed) -> null));
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
        return walk(running, window, held, first, LocalDate.MAX, budget, (finished, completed) -> null);
    }

    private RunRecord reconcile(RunRequest.Reconcile request) {
        Instant startedAt = clock.instant();
        RunRecord running = new RunRecord(RunIds.next(startedAt), "reconcile", "manual", null, null, null,
                List.of(), 0, RunCounts.ZERO, Map.of(), null, null, RunStatus.RUNNING, null, request.dryRun(),
                startedAt, null);
        runLog.start(running);
        try {
            KeyReconciler.Result r = reconciliation.reconciler().reconcile(running.runId(), startedAt,
                    request.dryRun(), reconciliation.sourceKeys());
            log.info("run {} reconcile{}: {} source keys, {} rows {}soft-deleted, {} source keys without a row",
                    running.runId(), request.dryRun() ? " (dry run)" : "", r.sourceKeys(), r.softDeleted(),
                    request.dryRun() ? "would be " : "", r.missingDownstream());
            // fetched = source keys scanned; each changed nothing but possibly a missing row's deletion.
            RunCounts counts = new RunCounts(r.pages(), r.sourceKeys(), 0, r.sourceKeys(), 0, r.softDeleted());
            return finish(running, counts, 0, Map.of(), null, RunStatus.SUCCEEDED, null);
        } catch (RuntimeException | Error failure) {
            throw fail(running, RunCounts.ZERO, 0, Map.of(), failure);
        }
    }

    /** After the walk: decides the checkpoint and returns what it wrote, or null if it wrote none. */
    @FunctionalInterface
    interface Checkpointing {
        Instant afterWalk(boolean finished, List<LocalDate> completed);
    }

    /**
     * Records the run as started (refused for a duplicate event), walks the window partition by partition
     * (every partition up to {@code mustComplete}, then further ones up to {@code lastAllowed} while the
     * budget allows), checkpoints, and records the outcome.
     */
    RunRecord walk(RunRecord running, SyncWindow window, RunLock.Held held, LocalDate mustComplete,
                           LocalDate lastAllowed, TimeBudget budget, Checkpointing checkpointing) {
        if (!runLog.start(running)) {
            RunRecord duplicate = skip(running, "duplicate delivery of event " + running.eventId());
            log.info("run {} skipped: event {} was already handled", running.runId(), running.eventId());
            return duplicate;
        }
        log.info("run {} {}{} window [{}, {}) partitions {} checkpoint {} ({})", running.runId(), running.mode(),
                running.dryRun() ? " (dry run)" : "", window.from(), window.to(), window.partitions(),
                running.checkpointBefore(), checkpoints.location());
        PageSink target = running.dryRun() ? (runId, records, rejections) -> sink.preview(records, rejections) : sink;
        WindowWalk walk = new WindowWalk(source, parser, target, running.runId());
        Predicate<LocalDate> mayStart = partition -> {
            boolean go = !partition.isAfter(mustComplete)
                    || (!partition.isAfter(lastAllowed) && budget.remaining().compareTo(limits.reserve()) > 0);
            if (go) {
                held.verify();
            }
            return go;
        };
        try {
            walk.walk(window, mayStart);
            boolean finished = walk.completed().size() == window.partitions().size();
            Instant after = checkpointing.afterWalk(finished, walk.completed());
            logDrift(running.runId(), walk.drift());
            String note = finished ? null : "stopped at partition boundary "
                    + partialWatermark(window, walk.completed()) + " (time budget or max days per run); "
                    + (running.mode().equals("scheduled") ? "the next run continues" : "run it again for the rest");
            return finish(running, walk.counts(), walk.completed().size(), walk.drift(), after,
                    finished ? RunStatus.SUCCEEDED : RunStatus.PARTIAL, note);
        } catch (RuntimeException | Error failure) {
            log.error("run {} failed after {} committed pages; checkpoint left at {}", running.runId(),
                    walk.counts().pages(), running.checkpointBefore(), failure);
            throw fail(running, walk.counts(), walk.completed().size(), walk.drift(), failure);
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
                describe(failure));
        try {
            runLog.finish(failed);
        } catch (RuntimeException recordFailure) {
            failure.addSuppressed(recordFailure);
        }
        return new SyncFailedException(running.runId(), failure);
    }

    /** The start of the first partition not completed: every record below it has committed. */
    private static Instant partialWatermark(SyncWindow window, List<LocalDate> completed) {
        if (completed.isEmpty()) {
            return window.from();
        }
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
