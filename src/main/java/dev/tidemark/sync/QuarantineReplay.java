package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.model.RejectionReason;
import dev.tidemark.core.parse.SourceItems;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-parses open quarantine entries with the pipeline's current mapping and writes those that now pass through
 * the same pipeline as a sync (so the write is monotonic: an entry older than what a later sync already stored
 * counts as unchanged), then marks them resolved by this replay's run. Entries that still fail stay open.
 *
 * <p>The replay is a run like any other: it holds the sync lock and leaves a {@code sync_runs} row with mode
 * {@code replay}, whose counts balance (fetched = upserted + unchanged + still quarantined).
 */
public final class QuarantineReplay {
    private static final int PAGE = 500;

    private final QuarantineStore quarantine;
    private final RowPipeline<?> pipeline;
    private final RunLog runLog;
    private final RunLock lock;
    private final Clock clock;

    public QuarantineReplay(QuarantineStore quarantine, RowPipeline<?> pipeline, RunLog runLog, RunLock lock,
                            Clock clock) {
        this.quarantine = quarantine;
        this.pipeline = pipeline;
        this.runLog = runLog;
        this.lock = lock;
        this.clock = clock;
    }

    /** What became of one entry: {@code nowPasses}, or the reason it is still rejected. */
    public record Outcome(long quarantineId, String sourceKey, String oldReason, boolean nowPasses,
                          String stillRejectedBecause) {
    }

    public record Result(RunRecord run, List<Outcome> outcomes) {
    }

    /**
     * @param limit  at most this many entries, oldest first
     * @param reason only entries with this reason code, or all if null
     */
    public Result replay(int limit, String reason, boolean dryRun, String trigger) {
        Instant startedAt = clock.instant();
        String runId = RunIds.next(startedAt);
        Optional<RunLock.Held> held = lock.tryAcquire();
        if (held.isEmpty()) {
            throw new IllegalStateException("a sync run holds the sync lock; replay the quarantine when it has finished");
        }
        try (RunLock.Held ignored = held.get()) {
            RunRecord running = new RunRecord(runId, "replay", trigger, null, null, null, List.of(), 0,
                    RunCounts.ZERO, Map.of(), null, null, RunStatus.RUNNING, null, dryRun, startedAt, null);
            runLog.start(running);
            List<Outcome> outcomes = new ArrayList<>();
            RunCounts counts = RunCounts.ZERO;
            try {
                long afterId = 0;
                while (outcomes.size() < limit) {
                    List<QuarantineEntry> page = quarantine.list(afterId, Math.min(PAGE, limit - outcomes.size()),
                            reason, false);
                    if (page.isEmpty()) {
                        break;
                    }
                    afterId = page.getLast().id();
                    counts = replayPage(pipeline, runId, page, dryRun, outcomes, counts);
                }
                RunRecord done = finished(running, counts, RunStatus.SUCCEEDED, null);
                runLog.finish(done);
                return new Result(done, outcomes);
            } catch (RuntimeException e) {
                runLog.finish(finished(running, counts, RunStatus.FAILED, e.toString()));
                throw e;
            }
        }
    }

    private <R> RunCounts replayPage(RowPipeline<R> through, String runId, List<QuarantineEntry> page, boolean dryRun,
                                     List<Outcome> outcomes, RunCounts counts) {
        List<R> passing = new ArrayList<>();
        List<Long> passingIds = new ArrayList<>();
        int stillRejected = 0;
        for (QuarantineEntry entry : page) {
            // One entry at a time: each entry's outcome is its own, whatever the others of the page.
            ParsedPage<R> parsed = parse(through, entry);
            if (parsed.rejections().isEmpty()) {
                passing.addAll(parsed.records());
                passingIds.add(entry.id());
                outcomes.add(new Outcome(entry.id(), entry.sourceKey(), entry.reason(), true, null));
            } else {
                Rejection rejection = parsed.rejections().getFirst();
                stillRejected++;
                outcomes.add(new Outcome(entry.id(), entry.sourceKey(), entry.reason(), false,
                        rejection.reason() + ": " + rejection.detail()));
            }
        }
        PageResult result;
        if (dryRun || passing.isEmpty()) {
            result = new PageResult(0, passing.size(), stillRejected, 0);
        } else {
            PageResult written = through.write(runId, passing, List.of());
            quarantine.resolve(passingIds, runId, clock.instant());
            result = new PageResult(written.upserted(), written.unchanged(), stillRejected, written.deleted());
        }
        return counts.plusPage(page.size(), result);
    }

    private static <R> ParsedPage<R> parse(RowPipeline<R> through, QuarantineEntry entry) {
        SourceItem item;
        try {
            item = SourceItems.fromJson(entry.rawJson());
        } catch (IllegalArgumentException unreadable) {
            return new ParsedPage<>(1, List.of(), List.of(new Rejection(entry.sourceKey(), entry.sourceUpdatedAt(),
                    RejectionReason.UNPARSEABLE, unreadable.getMessage(), entry.rawJson())), Map.of());
        }
        return through.parse(List.of(item));
    }

    private RunRecord finished(RunRecord r, RunCounts counts, RunStatus status, String error) {
        return new RunRecord(r.runId(), r.mode(), r.trigger(), r.eventId(), null, null, List.of(), 0, counts,
                Map.of(), null, null, status, error, r.dryRun(), r.startedAt(), clock.instant());
    }
}
