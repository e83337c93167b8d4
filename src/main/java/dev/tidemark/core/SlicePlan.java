package dev.tidemark.core;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The slices of a fanned-out backfill: every settled day of {@code [from, to]} (inclusive UTC dates) times every
 * shard of its day key. Pure arithmetic; the caller supplies the shard count and the settle limit.
 */
public final class SlicePlan {
    /**
     * The plan travels as one Step Functions state payload (256 KiB). A slice item is about 35 bytes, so this
     * leaves room for the rest of the state; a longer backfill is started as several.
     */
    public static final int MAX_SLICES = 5000;

    private SlicePlan() {
    }

    /**
     * @param shards       shards per day key; 1 means unsharded keys ({@code shard} null in every slice)
     * @param settledUntil {@code now - settleDelay}: a day that has not begun before it is left out, since its
     *                     items may still be reaching the index
     */
    public static List<Slice> plan(LocalDate from, LocalDate to, int shards, Instant settledUntil) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("backfill 'to' " + to + " is before 'from' " + from);
        }
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be 1 or more, was " + shards);
        }
        List<Slice> slices = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to) && WindowPlanner.startOfDay(day).isBefore(settledUntil);
             day = day.plusDays(1)) {
            if (shards == 1) {
                slices.add(new Slice(day, null));
            } else {
                for (int shard = 0; shard < shards; shard++) {
                    slices.add(new Slice(day, shard));
                }
            }
            if (slices.size() > MAX_SLICES) {
                throw new IllegalArgumentException("a backfill of more than " + MAX_SLICES + " slices does not fit"
                        + " one Step Functions payload; split " + from + ".." + to + " into shorter ranges");
            }
        }
        return List.copyOf(slices);
    }

    /** The window one slice reads: its whole day, cut at the settle limit when the day is today. */
    public static SyncWindow window(Slice slice, Instant settledUntil) {
        Instant from = WindowPlanner.startOfDay(slice.day());
        Instant to = WindowPlanner.startOfDay(slice.day().plusDays(1));
        if (!from.isBefore(settledUntil)) {
            throw new IllegalArgumentException("slice " + slice.key() + " has not begun yet");
        }
        return WindowPlanner.explicit(from, to.isBefore(settledUntil) ? to : settledUntil);
    }
}
