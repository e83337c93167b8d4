package dev.tidemark.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.RejectionReason;
import dev.tidemark.testing.MessyItems;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser on random and adversarial items: always an outcome, never an exception, never a bug reason. */
class ItemParserProperties {
    private final ItemParser parser = new ItemParser(SourceSchema.defaults());

    @Property(tries = 2000)
    void everyItemBecomesARecordOrARejectionWithAReason(@ForAll("items") SourceItem item) {
        ParseOutcome outcome = parser.parse(item);
        Statistics.label("outcome").collect(outcome instanceof ParseOutcome.Rejected r ? r.rejection().reason().name() : "ACCEPTED");
        switch (outcome) {
            case ParseOutcome.Accepted accepted -> {
                ContentRecord r = accepted.record();
                assertThat(r.contentId()).isNotBlank();
                assertThat(TextSanitizer.isStorableAsIs(r.contentId())).isTrue();
                assertThat(r.sourceUpdatedAt()).isBetween(SourceValues.MIN_INSTANT, SourceValues.MAX_INSTANT);
                assertStorable(r.caption());
                assertStorable(r.platform());
                assertStorable(r.url());
                r.tags().forEach(ItemParserProperties::assertStorable);
                assertStorableJson(r.metadataJson());
                assertStorableJson(r.extraJson());
                accepted.driftFields().forEach(ItemParserProperties::assertStorable);
            }
            case ParseOutcome.Rejected rejected -> {
                // UNPARSEABLE means the parser itself failed: a bug, never an expected outcome of bad data.
                assertThat(rejected.rejection().reason()).isNotEqualTo(RejectionReason.UNPARSEABLE);
                assertStorableJson(rejected.rejection().rawJson());
                assertStorable(rejected.rejection().detail());
                assertStorable(rejected.rejection().sourceKey());
            }
        }
    }

    private static void assertStorable(String text) {
        if (text != null) {
            assertThat(TextSanitizer.isStorableAsIs(text)).as("no NUL, no lone surrogate: %s", text).isTrue();
        }
    }

    /** Valid JSON whose every key and string value is storable (the text may well spell "\\u0000" escaped). */
    private static void assertStorableJson(String json) {
        if (json != null) {
            walk(Items.json(json));
        }
    }

    private static void walk(JsonNode node) {
        if (node.isTextual()) {
            assertStorable(node.textValue());
        }
        node.properties().forEach(e -> {
            assertStorable(e.getKey());
            walk(e.getValue());
        });
        if (node.isArray()) {
            node.forEach(ItemParserProperties::walk);
        }
    }

    @Provide
    Arbitrary<SourceItem> items() {
        return MessyItems.items();
    }
}
