package dev.tidemark.sync;

import dev.tidemark.core.Slice;
import dev.tidemark.core.SlicePlan;
import dev.tidemark.core.SyncWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A backfill fanned out on Step Functions: {@link #plan} lists the slices (days × shards), the Map state runs
 * {@link #slice} once per slice on as many functions as its concurrency allows, and {@link #summarize} records
 * the whole.
 *
 * <p>Slices take no sync lock, on purpose: under the one lock, parallel slices would skip each other. They need
 * none, because nothing they do depends on running alone. A slice writes through the same page sink as every
 * run, whose upserts are monotonic (a row is only replaced by a version with an equal or newer
 * {@code updatedAt}) and idempotent (an identical version changes nothing), so the order in which slices, the
 * scheduled run and retries commit cannot change the final state. And a slice never reads or writes the
 * checkpoint, the one piece of state whose order matters.
 */
public final class BackfillSlices {
    private static final Logger log = LoggerFactory.getLogger(BackfillSlices.class);
    /** Step Functions execution names: the id ends up in a trigger and a LIKE prefix, so it is kept plain. */
    private static final Pattern BACKFILL_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final SyncService runs;
    private final BackfillLog backfills;
    private final Duration settleDelay;
    private final int shards;
    private final Clock clock;

    /** @param shards shards per day key (1: unsharded keys, today's shape) */
    public BackfillSlices(SyncService runs, BackfillLog backfills, Duration settleDelay, int shards, Clock clock) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be 1 or more, was " + shards);
        }
        this.runs = runs;
        this.backfills = backfills;
        this.settleDelay = settleDelay;
        this.shards = shards;
        this.clock = clock;
    }

    /** The run-row trigger of one slice of a backfill: {@code backfill:<id>/<slice key>}. */
    public static String trigger(String backfillId, Slice slice) {
        return triggerPrefix(backfillId) + slice.key();
    }

    public static String triggerPrefix(String backfillId) {
        return "backfill:" + backfillId + "/";
    }

    public BackfillPlan plan(String backfillId, LocalDate from, LocalDate to) {
        requireId(backfillId);
        List<Slice> slices = SlicePlan.plan(from, to, shards, settledUntil());
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("nothing to backfill: " + from + " has not begun yet");
        }
        BackfillPlan plan = new BackfillPlan(backfillId, from, to, shards, slices, clock.instant());
        backfills.start(plan);
        log.info("backfill {} planned: {}..{}, {} slices", backfillId, from, to, slices.size());
        return plan;
    }

    /**
     * Reads and writes one slice as its own recorded run (mode {@code backfill}), beside any other run. A
     * failure is recorded and thrown, so Step Functions sees a failed task and retries it.
     */
    public RunRecord slice(String backfillId, Slice slice, TimeBudget budget) {
        requireId(backfillId);
        if (shards == 1 ? slice.shard() != null : slice.shard() == null || slice.shard() >= shards) {
            throw new IllegalArgumentException("slice " + slice.key() + " does not exist: day keys have "
                    + (shards == 1 ? "no shard suffix" : "shards 0.." + (shards - 1)));
        }
        SyncWindow window = SlicePlan.window(slice, settledUntil());
        RunRecord running = runs.running("backfill", trigger(backfillId, slice), null, window, null, false,
                clock.instant());
        // A slice is its own day (or one shard of it): always completed, never split, and it never checkpoints.
        return runs.walk(running, window, SyncService.NO_LOCK, RunPace.wholeDays(budget, Duration.ZERO, slice.day()),
                frontier -> null, shard -> slice.shard() == null || shard == slice.shard());
    }

    public BackfillSummary summarize(String backfillId) {
        requireId(backfillId);
        BackfillSummary summary = backfills.summarize(backfillId, clock.instant())
                .orElseThrow(() -> new IllegalArgumentException("no backfill with id " + backfillId));
        log.info("backfill {} {}: {} of {} slices succeeded in {} runs, {} fetched, {} upserted", backfillId,
                summary.status(), summary.succeeded(), summary.slices(), summary.runs(), summary.fetched(),
                summary.upserted());
        return summary;
    }

    private Instant settledUntil() {
        return clock.instant().minus(settleDelay);
    }

    private static void requireId(String backfillId) {
        if (backfillId == null || !BACKFILL_ID.matcher(backfillId).matches()) {
            throw new IllegalArgumentException("backfillId must be 1-80 letters, digits, '-' or '_', was '"
                    + backfillId + "'");
        }
    }
}
