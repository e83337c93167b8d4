package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.ParseOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Today's canonical model: {@link ItemParser} and a {@link PageSink} of content records (the default mapping).
 * Test code: the hand-coded reference production replaced with {@link MappedPipeline}; the equivalence tests and
 * the benchmark compare against it.
 */
public record CanonicalPipeline(ItemParser parser, PageSink sink) implements RowPipeline<ContentRecord> {

    @Override
    public ParsedPage<ContentRecord> parse(List<SourceItem> items) {
        List<ContentRecord> records = new ArrayList<>(items.size());
        List<Rejection> rejections = new ArrayList<>();
        Map<String, ParsedPage.Version> newest = new HashMap<>();
        for (SourceItem item : items) {
            switch (parser.parse(item)) {
                case ParseOutcome.Accepted accepted -> {
                    records.add(accepted.record());
                    newest.merge(accepted.record().contentId(),
                            new ParsedPage.Version(accepted.record().sourceUpdatedAt(), accepted.driftFields()),
                            ParsedPage.Version::newer);
                }
                case ParseOutcome.Rejected rejected -> rejections.add(rejected.rejection());
            }
        }
        return new ParsedPage<>(items.size(), records, rejections, newest);
    }

    @Override
    public PageResult write(String runId, List<ContentRecord> records, List<Rejection> rejections) {
        return sink.write(runId, records, rejections);
    }

    @Override
    public PageResult preview(List<ContentRecord> records, List<Rejection> rejections) {
        return sink.preview(records, rejections);
    }

    @Override
    public SourceKey keyOf(ContentRecord record) {
        return new SourceKey(record.contentId(), false, record.sourceUpdatedAt(), record.deletedAt() != null);
    }
}
