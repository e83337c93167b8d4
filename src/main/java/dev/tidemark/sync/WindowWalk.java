package dev.tidemark.sync;

import dev.tidemark.core.SyncWindow;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.ParseOutcome;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final ItemParser parser;
    private final PageSink sink;
    private final String runId;

    private RunCounts counts = RunCounts.ZERO;
    private final List<LocalDate> completed = new ArrayList<>();
    private final Map<String, Integer> drift = new TreeMap<>();

    WindowWalk(SourceReader source, ItemParser parser, PageSink sink, String runId) {
        this.source = source;
        this.parser = parser;
        this.sink = sink;
        this.runId = runId;
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
                        writePage(page);
                    }
                }
                completed.add(partition);
            }
        }
    }

    private void writePage(SourcePage page) {
        List<ContentRecord> records = new ArrayList<>(page.items().size());
        List<Rejection> rejections = new ArrayList<>();
        page.items().forEach(item -> {
            switch (parser.parse(item)) {
                case ParseOutcome.Accepted accepted -> {
                    records.add(accepted.record());
                    accepted.driftFields().forEach(f -> drift.merge(f, 1, Integer::sum));
                }
                case ParseOutcome.Rejected rejected -> rejections.add(rejected.rejection());
            }
        });
        PageSink.PageResult result = sink.write(runId, records, rejections);
        counts = counts.plusPage(page.items().size(), result);
    }

    RunCounts counts() {
        return counts;
    }

    List<LocalDate> completed() {
        return List.copyOf(completed);
    }

    Map<String, Integer> drift() {
        return Map.copyOf(drift);
    }
}
