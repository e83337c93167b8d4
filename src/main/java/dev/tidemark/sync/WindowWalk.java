package dev.tidemark.sync;

import dev.tidemark.core.CommittedFrontier;
import dev.tidemark.core.DayShard;
import dev.tidemark.core.SyncWindow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * One run's walk over a window, day by day, page by page: read, parse, write the page in one transaction,
 * then the next. The parse is the read's prepare step, so a reader that reads ahead parses there too, beside
 * the write: this thread only writes. Holds one page per open shard in memory at a time whatever the backlog.
 *
 * <p>Each committed page moves its shard's position to the page's last sort key, and the walk's
 * {@link CommittedFrontier} (the minimum over shards) says how far every record of the window has committed,
 * so the caller can checkpoint inside a day without passing an uncommitted record. Of a day's shards the
 * walk always reads the one standing lowest, so every page it writes is a page that can move the frontier.
 * The progress fields stay readable after a failure or a stop: they describe exactly what committed.
 */
final class WindowWalk<R> {
    private final SourceReader source;
    private final PageWriter<R> writer;
    /** One function for every read of the walk, so a reader can tell its read-ahead guesses are the same reads. */
    private final Function<SourcePage, Parsed<R>> parse;
    private final SyncWindow window;
    private final CommittedFrontier frontier;
    private final IntPredicate readsShard;
    private final List<LocalDate> completed = new ArrayList<>();
    private final Instant floor;
    /** Shards that have committed a page every item of which lies above the floor (read from past it). */
    private final Set<DayShard> pastFloor = new HashSet<>();

    /**
     * @param lateBefore the previous checkpoint, below which a written record counts as late; null: not measured
     * @param readsShard which shard numbers of each day to read: all of them, except for a backfill slice
     */
    WindowWalk(SourceReader source, RowPipeline<R> pipeline, String runId, SyncWindow window,
               Instant lateBefore, IntPredicate readsShard) {
        this.source = source;
        this.writer = new PageWriter<>(pipeline, runId, lateBefore);
        this.parse = page -> new Parsed<>(page.lastKey(), writer.parse(page.items()));
        this.window = window;
        this.frontier = new CommittedFrontier(window, source.shards());
        this.readsShard = readsShard;
        this.floor = lateBefore != null ? lateBefore : window.from();
    }

    /** A source page parsed: its rows, and how far it reaches in its partition. */
    private record Parsed<R>(Optional<Instant> lastKey, ParsedPage<R> page) {
    }

    /** Asked before each day and before each page; a false answer stops the walk right there. */
    interface Pace {
        boolean mayStartDay(LocalDate day, Instant frontier);

        /**
         * @param lowestHasPagePastFloor the shard that holds the frontier back (the next one read) has committed a
         *                               page whose items all lie above the walk's floor (the previous checkpoint)
         */
        boolean mayReadPage(Instant frontier, boolean lowestHasPagePastFloor);
    }

    void walk(Pace pace) {
        try (SourceReader.WalkReader reader = source.openWalk()) {
            for (LocalDate day : window.partitions()) {
                if (!pace.mayStartDay(day, frontier.frontier())) {
                    return;
                }
                List<DayShard> shards = DayShard.of(day, source.shards()).stream()
                        .filter(s -> readsShard.test(s.shard())).toList();
                Map<DayShard, Iterator<Parsed<R>>> pages = new HashMap<>();
                shards.forEach(s -> pages.put(s, reader.read(s, window.from(), window.to(), parse)));
                for (Optional<DayShard> next = frontier.lowest(shards); next.isPresent(); next = frontier.lowest(shards)) {
                    Iterator<Parsed<R>> shard = pages.get(next.get());
                    if (!shard.hasNext()) {
                        frontier.finished(next.get());
                    } else if (!pace.mayReadPage(frontier.frontier(), pastFloor.contains(next.get()))) {
                        return;
                    } else {
                        Parsed<R> page = shard.next(); // read, and parsed
                        boolean fromPastFloor = frontier.position(next.get()).isAfter(floor);
                        if (page.page().items() > 0) {
                            writer.write(page.page()); // one transaction
                            if (fromPastFloor) {
                                pastFloor.add(next.get());
                            }
                        }
                        frontier.committed(next.get(), page.lastKey());
                    }
                }
                completed.add(day);
            }
        }
    }

    Lateness lateness() {
        return writer.lateness();
    }

    boolean finished() {
        return completed.size() == window.partitions().size();
    }

    /** Below this instant every record of the window has committed (the window's end once finished). */
    Instant frontier() {
        return finished() ? window.to() : frontier.frontier();
    }

    /** Where the walk stopped, for the run record. */
    String stoppedAt() {
        return frontier.describe();
    }

    RunCounts counts() {
        return writer.counts();
    }

    List<LocalDate> completed() {
        return List.copyOf(completed);
    }

    Map<String, Integer> drift() {
        return writer.drift();
    }
}
