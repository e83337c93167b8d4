package dev.tidemark.core;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far one walk over a window has committed: the greatest instant {@code F} such that every item of the
 * window stamped below {@code F} has committed. Pure arithmetic over the walk's positions.
 *
 * <p>A GSI Query returns a partition key value's items in sort-key order, and each page commits in one
 * transaction. So once a page whose last sort key is {@code k} has committed, every item of that
 * {@link DayShard} stamped below {@code k} has committed; items stamped exactly {@code k} may sit on the next
 * page, and the next run's overlap re-reads them (its window starts at {@code F − overlapLag ≤ k}).
 *
 * <p>A day's shards cover the same slice of time {@code [max(from, dayStart), min(to, dayEnd))}, so the
 * frontier is the minimum, over every shard not yet read to its end, of its position: its last committed
 * key, or the start of its slice if it has not committed a page yet. A shard read to its end counts as the
 * window's end. With every shard of every day read to its end the frontier is the window's {@code to}.
 */
public final class CommittedFrontier {
    private final SyncWindow window;
    private final int shards;
    private final Map<DayShard, Instant> committed = new HashMap<>();
    private final Map<DayShard, Boolean> finished = new HashMap<>();

    public CommittedFrontier(SyncWindow window, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        this.window = window;
        this.shards = shards;
    }

    /** A page of {@code cell} committed; {@code lastKey} is its last sort key (empty: none that is an instant). */
    public void committed(DayShard cell, Optional<Instant> lastKey) {
        lastKey.ifPresent(k -> committed.merge(cell, k, (a, b) -> a.isAfter(b) ? a : b));
    }

    /** {@code cell} was read to its end and every page of it has committed. */
    public void finished(DayShard cell) {
        finished.put(cell, true);
    }

    /**
     * Whether {@code cell} was read to its end. A day whose slice of the window is empty (the one-day overlap
     * before a window that starts after midnight) is still read: its Query costs one request and returns
     * only what the key condition admits.
     */
    public boolean isFinished(DayShard cell) {
        return finished.containsKey(cell);
    }

    /** Where {@code cell} stands: below this instant, every item of the cell inside the window has committed. */
    public Instant position(DayShard cell) {
        if (isFinished(cell)) {
            return window.to();
        }
        Instant start = sliceStart(cell.day());
        Instant key = committed.get(cell);
        Instant at = key == null || key.isBefore(start) ? start : key;
        return at.isAfter(window.to()) ? window.to() : at;
    }

    /** The committed frontier of the whole window: the minimum over every shard of every day. */
    public Instant frontier() {
        Instant min = window.to();
        for (LocalDate day : window.partitions()) {
            for (DayShard cell : DayShard.of(day, shards)) {
                Instant p = position(cell);
                if (p.isBefore(min)) {
                    min = p;
                }
            }
        }
        return min;
    }

    /**
     * The unfinished cell whose next page moves the frontier: the one standing lowest (ties: shard order).
     * Empty when all of {@code cells} are finished.
     */
    public Optional<DayShard> lowest(List<DayShard> cells) {
        return cells.stream().filter(c -> !isFinished(c))
                .min(Comparator.comparing(this::position).thenComparing(Comparator.naturalOrder()));
    }

    /** Where the walk stands, for the run record: the frontier, and inside which day and how many shards are done. */
    public String describe() {
        Instant f = frontier();
        if (!f.isBefore(window.to())) {
            return "window end " + window.to();
        }
        LocalDate day = WindowPlanner.utcDate(f);
        long done = DayShard.of(day, shards).stream().filter(this::isFinished).count();
        return "inside " + day + " at " + f + (shards == 1 ? "" : " (the lowest of " + shards + " shards; "
                + done + " read to the end)");
    }

    private Instant sliceStart(LocalDate day) {
        Instant start = WindowPlanner.startOfDay(day);
        return start.isBefore(window.from()) ? window.from() : start;
    }

}
