package dev.tidemark.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The door every run goes through: the sync lock, and a {@code sync_runs} row for every invocation that reaches
 * the database, even one that fails before its run could begin. A run that finds the lock held records
 * {@code skipped}; a lock that cannot be asked for at all (the database answers nothing, or fails the query)
 * records {@code failed} if the run log can still be written, and rethrows either way, so Lambda's {@code Errors}
 * alarm sees it.
 */
final class RunGuard {
    private static final Logger log = LoggerFactory.getLogger(RunGuard.class);

    private final RunLock lock;
    private final RunLog runLog;
    private final Clock clock;

    RunGuard(RunLock lock, RunLog runLog, Clock clock) {
        this.lock = lock;
        this.runLog = runLog;
        this.clock = clock;
    }

    /**
     * Runs {@code body} under the sync lock, or records a {@code skipped} run if another run holds it. Dry
     * runs write nothing a real run could disturb, so they take no lock and never make the schedule skip.
     */
    List<RunRecord> locked(boolean dryRun, String mode, String trigger, String eventId,
                           Function<RunLock.Held, List<RunRecord>> body) {
        if (dryRun) {
            return body.apply(SyncService.NO_LOCK);
        }
        Optional<RunLock.Held> held;
        try {
            held = lock.tryAcquire();
        } catch (RuntimeException unreachable) {
            throw failedBeforeStart(mode, trigger, eventId, unreachable);
        }
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

    private SyncFailedException failedBeforeStart(String mode, String trigger, String eventId, RuntimeException cause) {
        Instant now = clock.instant();
        RunRecord failed = new RunRecord(RunIds.next(now), mode, trigger, eventId, null, null, List.of(), 0,
                RunCounts.ZERO, Map.of(), null, null, RunStatus.FAILED, SyncFailedException.describe(cause), false, now, now);
        try {
            runLog.start(failed);
            log.error("run {} ({}) failed before it began: {}", failed.runId(), mode, failed.error(), cause);
        } catch (RuntimeException unrecorded) {
            // Nothing reached the database: the exception and the Errors alarm are all that is left.
            cause.addSuppressed(unrecorded);
            log.error("run {} ({}) failed before it began and could not be recorded: {}", failed.runId(), mode,
                    failed.error(), cause);
        }
        return new SyncFailedException(failed.runId(), cause);
    }
}
