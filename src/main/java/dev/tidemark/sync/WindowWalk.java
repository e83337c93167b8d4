package dev.tidemark.sync;

import dev.tidemark.core.SyncWindow;
import dev.tidemark.core.parse.ItemParser;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One run's walk over a window, partition by partition, page by page: read, parse, write the page in one
 * transaction, then the next. Holds one page in memory at a time whatever the backlog.
 *
 * <p>Partitions are processed oldest first and a partition counts as completed only when its last page has
 * committed, so the caller can checkpoint at a partition boundary without passing an uncommitted record.
 * The progress fields stay readable after a failure: they describe exactly what committed.
 */
final class WindowWalk {
    private final SourceReader source;
    private final PageWriter writer;
    private final List<LocalDate> completed = new ArrayList<>();

    /** @param lateBefore the previous checkpoint, below which a written record counts as late; null: not measured */
    WindowWalk(SourceReader source, ItemParser parser, PageSink sink, String runId, Instant lateBefore) {
        this.source = source;
        this.writer = new PageWriter(parser, sink, runId, lateBefore);
    }

    /** @param mayStart asked before each partition; false stops the walk there (time budget, day limit) */
    void walk(SyncWindow window, Predicate<LocalDate> mayStart) {
        try (SourceReader.WalkReader reader = source.openWalk()) {
            for (LocalDate partition : window.partitions()) {
                if (!mayStart.test(partition)) {
                    return;
                }
                Iterator<SourcePage> pages = reader.read(partition, window.from(), window.to());
                while (pages.hasNext()) {
                    SourcePage page = pages.next();
                    if (!page.items().isEmpty()) {
                        writer.write(page.items());
                    }
                }
                completed.add(partition);
            }
        }
    }

    Lateness lateness() {
        return writer.lateness();
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
