package dev.tidemark.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the committed checkpoint and the current time into the window of one run. Pure arithmetic.
 *
 * <ul>
 *   <li>{@code from = watermark - overlapLag}: a write that committed to the base table just before the
 *       previous run's {@code to} can reach the GSI (eventually consistent) after that run queried it, and a
 *       writer whose clock runs behind stamps {@code updatedAt} in the past. Re-reading a few minutes costs a
 *       handful of already-synced items, which the monotonic upsert turns into no-ops.</li>
 *   <li>{@code to = now - settleDelay}: items stamped in the last seconds may still be propagating to the
 *       index; leaving them for the next run (whose {@code from} starts below this {@code to}) is cheaper than
 *       racing them.</li>
 *   <li>Partitions from {@code date(watermark) - 1 day} to {@code date(to)}, every UTC date: the one-day
 *       overlap of the reference design. A window starting just after midnight must still look at the
 *       previous day's partition (a late or skewed write with {@code updatedAt} before midnight lives there),
 *       and the extra Query of an already-synced day returns only what the sort-key condition admits.</li>
 * </ul>
 * All dates are UTC: the partition key is the UTC date of {@code updatedAt}, so there is no daylight saving
 * time and no local midnight to disagree about.
 */
public final class WindowPlanner {
    private final Duration overlapLag;
    private final Duration settleDelay;
    private final Duration firstRunLookback;

    public WindowPlanner(Duration overlapLag, Duration settleDelay, Duration firstRunLookback) {
        this.overlapLag = requireNotNegative(overlapLag, "overlapLag");
        this.settleDelay = requireNotNegative(settleDelay, "settleDelay");
        this.firstRunLookback = requireNotNegative(firstRunLookback, "firstRunLookback");
    }

    /** The window of a scheduled run: from the checkpoint (or the first-run lookback) up to now. */
    public SyncWindow plan(Optional<Checkpoint> checkpoint, Instant now) {
        // Millisecond precision, like the sort key: the recorded window says exactly what was read.
        Instant to = now.minus(settleDelay).truncatedTo(ChronoUnit.MILLIS);
        Instant watermark = checkpoint.map(Checkpoint::watermark).orElse(now.minus(firstRunLookback));
        Instant from = watermark.minus(overlapLag).truncatedTo(ChronoUnit.MILLIS);
        if (from.isAfter(to)) {
            // A checkpoint set ahead of the clock (by hand, or a clock step): read nothing rather than a
            // reversed window, and leave the checkpoint where it is.
            from = to;
        }
        // An overlap longer than a day reaches further back than the one-day partition overlap: start there.
        LocalDate first = min(utcDate(watermark).minusDays(1), utcDate(from));
        return new SyncWindow(from, to, partitions(first, utcDate(to)));
    }

    public Duration settleDelay() {
        return settleDelay;
    }

    public Duration overlapLag() {
        return overlapLag;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /** An explicit window (reruns, backfills): exactly {@code [from, to)}, no overlap added. */
    public static SyncWindow explicit(Instant from, Instant to) {
        LocalDate first = utcDate(from);
        LocalDate last = utcDate(to.minusMillis(1).isBefore(from) ? from : to.minusMillis(1));
        return new SyncWindow(from, to, partitions(first, last));
    }

    public static LocalDate utcDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant startOfDay(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static List<LocalDate> partitions(LocalDate first, LocalDate last) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }

    private static Duration requireNotNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + d);
        }
        return d;
    }
}
