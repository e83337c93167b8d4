package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.mapping.RecordMapper;
import dev.tidemark.core.model.Rejection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A mapping's pipeline: {@link RecordMapper} and a {@link MappedSink} whose SQL the mapping declared. */
public record MappedPipeline(RecordMapper mapper, MappedSink sink) implements RowPipeline<MappedOutcome.Mapped> {

    @Override
    public ParsedPage<MappedOutcome.Mapped> parse(List<SourceItem> items) {
        List<MappedOutcome.Mapped> rows = new ArrayList<>(items.size());
        List<Rejection> rejections = new ArrayList<>();
        Map<String, ParsedPage.Version> newest = new HashMap<>();
        for (SourceItem item : items) {
            switch (mapper.map(item)) {
                case MappedOutcome.Mapped mapped -> {
                    rows.add(mapped);
                    newest.merge(mapped.root().key(),
                            new ParsedPage.Version(mapped.root().sourceUpdatedAt(), mapped.drift()),
                            ParsedPage.Version::newer);
                }
                case MappedOutcome.Rejected rejected -> rejections.add(rejected.rejection());
            }
        }
        return new ParsedPage<>(items.size(), rows, rejections, newest);
    }

    @Override
    public PageResult write(String runId, List<MappedOutcome.Mapped> records, List<Rejection> rejections) {
        return sink.write(runId, records, rejections);
    }

    @Override
    public PageResult preview(List<MappedOutcome.Mapped> records, List<Rejection> rejections) {
        return sink.preview(records, rejections);
    }

    @Override
    public SourceKey keyOf(MappedOutcome.Mapped record) {
        return new SourceKey(record.root().key(), false, record.root().sourceUpdatedAt(),
                record.root().value(mapper.mapping().root().deletedAtColumn()) != null);
    }
}
