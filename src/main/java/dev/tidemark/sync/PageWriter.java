package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes parsed pages through a pipeline (one transaction each), keeping the run's tallies. Lateness and drift are
 * measured on the records a page actually wrote (new, or a newer version): a record the overlap re-reads unchanged
 * is neither late again nor drift again, so each item version counts once.
 *
 * <p>Parsing is {@link #parse}, separate from {@link #write}, so a walk can parse on the read-ahead side.
 */
final class PageWriter<R> {
    private final RowPipeline<R> pipeline;
    private final String runId;
    private final Instant lateBefore;

    private RunCounts counts = RunCounts.ZERO;
    private Lateness lateness = Lateness.NONE;
    private final Map<String, Integer> drift = new TreeMap<>();

    /** @param lateBefore the previous checkpoint, below which a written record counts as late; null: not measured */
    PageWriter(RowPipeline<R> pipeline, String runId, Instant lateBefore) {
        this.pipeline = pipeline;
        this.runId = runId;
        this.lateBefore = lateBefore;
    }

    /** Pure and thread-safe: may run on another thread than {@link #write}. */
    ParsedPage<R> parse(List<SourceItem> items) {
        return pipeline.parse(items);
    }

    /** Parses and writes one page on this thread. */
    PageResult write(List<SourceItem> items) {
        return write(parse(items));
    }

    PageResult write(ParsedPage<R> page) {
        PageResult result = pipeline.write(runId, page.records(), page.rejections());
        for (String id : result.written()) {
            ParsedPage.Version version = page.newest().get(id);
            if (version == null) {
                continue;
            }
            version.drift().forEach(f -> drift.merge(f, 1, Integer::sum));
            if (lateBefore != null) {
                lateness = lateness.plus(version.sourceUpdatedAt(), lateBefore);
            }
        }
        counts = counts.plusPage(page.items(), result);
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
