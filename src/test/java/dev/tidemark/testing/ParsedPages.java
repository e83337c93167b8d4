package dev.tidemark.testing;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.ParseOutcome;
import dev.tidemark.dynamodb.AttributeValues;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Source items parsed the way a run parses them, ready for a page sink (benchmarks and sink tests). */
public record ParsedPages(List<ContentRecord> records, List<Rejection> rejections) {

    public static ParsedPages parse(ItemParser parser, List<Map<String, AttributeValue>> items) {
        return parseItems(parser, items.stream().map(AttributeValues::toSourceItem).toList());
    }

    public static ParsedPages parseItems(ItemParser parser, List<SourceItem> items) {
        List<ContentRecord> records = new ArrayList<>(items.size());
        List<Rejection> rejections = new ArrayList<>();
        for (SourceItem item : items) {
            switch (parser.parse(item)) {
                case ParseOutcome.Accepted a -> records.add(a.record());
                case ParseOutcome.Rejected r -> rejections.add(r.rejection());
            }
        }
        return new ParsedPages(records, rejections);
    }
}
