package dev.tidemark.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Building source items and parsing them, for the parser's unit tests. */
final class Items {
    static final String UPDATED_AT = "2026-11-22T10:15:30.123Z";
    static final ItemParser PARSER = new ItemParser(SourceSchema.defaults());

    private Items() {
    }

    /** A minimal valid item (key, updatedAt, updatedDate) with the given name/value pairs added or replaced. */
    static Map<String, Object> item(Object... namesAndValues) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("contentId", "c-1");
        item.put("updatedAt", UPDATED_AT);
        item.put("updatedDate", "2026-11-22");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return item;
    }

    static ParseOutcome.Accepted acceptedOutcome(Map<String, Object> item) {
        ParseOutcome outcome = PARSER.parse(new SourceItem(item));
        assertThat(outcome).isInstanceOf(ParseOutcome.Accepted.class);
        return (ParseOutcome.Accepted) outcome;
    }

    static ContentRecord accepted(Map<String, Object> item) {
        return acceptedOutcome(item).record();
    }

    static Rejection rejected(Map<String, Object> item) {
        ParseOutcome outcome = PARSER.parse(new SourceItem(item));
        assertThat(outcome).isInstanceOf(ParseOutcome.Rejected.class);
        return ((ParseOutcome.Rejected) outcome).rejection();
    }

    static JsonNode json(String text) {
        try {
            return text == null ? null : JsonValues.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static JsonNode extra(ContentRecord record) {
        assertThat(record.extraJson()).as("extra").isNotNull();
        return json(record.extraJson());
    }
}
