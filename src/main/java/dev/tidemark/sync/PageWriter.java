package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.ParseOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses one page of source items and writes it through the sink (one transaction), keeping the run's tallies.
 * Lateness and drift are measured on the records a page actually wrote (new, or a newer version): a record the
 * overlap re-reads unchanged is neither late again nor drift again, so each item version counts once.
 */
final class PageWriter {
    private final ItemParser parser;
    private final PageSink sink;
    private final String runId;
    private final Instant lateBefore;

    private RunCounts counts = RunCounts.ZERO;
    private Lateness lateness = Lateness.NONE;
    private final Map<String, Integer> drift = new TreeMap<>();

    /** @param lateBefore the previous checkpoint, below which a written record counts as late; null: not measured */
    PageWriter(ItemParser parser, PageSink sink, String runId, Instant lateBefore) {
        this.parser = parser;
        this.sink = sink;
        this.runId = runId;
        this.lateBefore = lateBefore;
    }

    PageSink.PageResult write(List<SourceItem> items) {
        List<ContentRecord> records = new ArrayList<>(items.size());
        List<Rejection> rejections = new ArrayList<>();
        // The newest version per id is the one a write keeps.
        Map<String, ParseOutcome.Accepted> newest = new HashMap<>();
        items.forEach(item -> {
            switch (parser.parse(item)) {
                case ParseOutcome.Accepted accepted -> {
                    records.add(accepted.record());
                    newest.merge(accepted.record().contentId(), accepted, (kept, incoming) ->
                            incoming.record().sourceUpdatedAt().isBefore(kept.record().sourceUpdatedAt()) ? kept : incoming);
                }
                case ParseOutcome.Rejected rejected -> rejections.add(rejected.rejection());
            }
        });
        PageSink.PageResult result = sink.write(runId, records, rejections);
        for (String id : result.written()) {
            ParseOutcome.Accepted accepted = newest.get(id);
            if (accepted == null) {
                continue;
            }
            accepted.driftFields().forEach(f -> drift.merge(f, 1, Integer::sum));
            if (lateBefore != null) {
                lateness = lateness.plus(accepted.record().sourceUpdatedAt(), lateBefore);
            }
        }
        counts = counts.plusPage(items.size(), result);
        return result;
    }

    RunCounts counts() {
        return counts;
    }

    Lateness lateness() {
        return lateness;
    }

    Map<String, Integer> drift() {
        return Map.copyOf(drift);
    }
}
