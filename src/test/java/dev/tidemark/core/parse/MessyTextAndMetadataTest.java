package dev.tidemark.core.parse;

import dev.tidemark.core.model.ContentRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.tidemark.core.parse.Items.accepted;
import static dev.tidemark.core.parse.Items.extra;
import static dev.tidemark.core.parse.Items.item;
import static dev.tidemark.core.parse.Items.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The messy cases for text and metadata, each on its own: what the canonical record holds. */
class MessyTextAndMetadataTest {

    @Test
    void metadataNullStaysNull() {
        assertThat(accepted(item("metadata", null)).metadataJson()).isNull();
        assertThat(accepted(item()).metadataJson()).isNull();
    }

    @Test
    void metadataMapIsKeptAsJsonWithExactNumbers() {
        ContentRecord r = accepted(item("metadata", Map.of("lang", "en", "score", new BigDecimal("0.1000000000000000055511151231257827"))));
        assertThat(json(r.metadataJson()).get("lang").asText()).isEqualTo("en");
        assertThat(r.metadataJson()).contains("0.1000000000000000055511151231257827");
    }

    @Test
    void metadataJsonStringIsParsed() {
        ContentRecord r = accepted(item("metadata", "{\"lang\":\"pt\",\"n\":9007199254740993}"));
        assertThat(json(r.metadataJson()).get("lang").asText()).isEqualTo("pt");
        assertThat(r.metadataJson()).contains("9007199254740993");
    }

    @Test
    void doubleEncodedMetadataIsUnwrapped() {
        ContentRecord r = accepted(item("metadata", "\"{\\\"lang\\\":\\\"pt\\\",\\\"source\\\":\\\"bot\\\"}\""));
        assertThat(json(r.metadataJson()).get("source").asText()).isEqualTo("bot");
    }

    @Test
    void tripleEncodedMetadataIsUnwrappedRepeatedly() {
        String once = "{\"lang\":\"de\"}";
        String twice = JsonValues.write(once);
        String thrice = JsonValues.write(twice);
        assertThat(json(accepted(item("metadata", thrice)).metadataJson()).get("lang").asText()).isEqualTo("de");
    }

    @Test
    void metadataThatIsNotJsonIsNullWithTheOriginalUnderExtraInvalid() {
        ContentRecord words = accepted(item("metadata", "just words"));
        assertThat(words.metadataJson()).isNull();
        assertThat(json(words.extraJson()).at("/invalid/metadata").asText()).isEqualTo("just words");
        // Trailing garbage: not JSON, so kept whole rather than silently cut after the object.
        ContentRecord trailing = accepted(item("metadata", "{\"a\":1} and more"));
        assertThat(trailing.metadataJson()).isNull();
        assertThat(json(trailing.extraJson()).at("/invalid/metadata").asText()).isEqualTo("{\"a\":1} and more");
    }

    @Test
    void metadataWithANumberTooLargeForNumericKeepsItAsText() {
        ContentRecord r = accepted(item("metadata", "{\"huge\":1e999999999,\"ok\":2}"));
        assertThat(json(r.metadataJson()).get("huge").asText()).isEqualTo("1E+999999999");
        assertThat(json(r.metadataJson()).get("ok").asInt()).isEqualTo(2);
    }

    @Test
    void utf8BomIsRemoved() {
        assertThat(accepted(item("caption", "\uFEFFhello")).caption()).isEqualTo("hello");
        assertThat(json(accepted(item("metadata", "\uFEFF{\"lang\":\"en\"}")).metadataJson()).get("lang").asText())
                .isEqualTo("en");
    }

    @Test
    void nulBytesAreRemovedFromTextAndReplacedInJson() {
        ContentRecord r = accepted(item("caption", "a\u0000b", "metadata", Map.of("k\u0000", "v\u0000")));
        assertThat(r.caption()).isEqualTo("ab");
        assertThat(r.metadataJson()).doesNotContain("\\u0000");
        assertThat(json(r.metadataJson()).get("k\uFFFD").asText()).isEqualTo("v\uFFFD");
    }

    @Test
    void controlCharactersAreRemovedButNewlineAndTabKept() {
        assertThat(accepted(item("caption", "line\u0007 one\r\nline\ttwo\rthree\u009F\u001B")).caption())
                .isEqualTo("line one\nline\ttwo\nthree");
    }

    @Test
    void loneSurrogatesAreRemovedFromTextAndReplacedInJson() {
        ContentRecord r = accepted(item("caption", "x\uD83Dy\uDE00z \uD83D\uDE00", "mood", "a\uDC00"));
        assertThat(r.caption()).isEqualTo("xyz \uD83D\uDE00");
        assertThat(extra(r).get("mood").asText()).isEqualTo("a\uFFFD");
    }

    @Test
    void textIsNfcNormalized() {
        String decomposed = "Cafe\u0301";
        assertThat(accepted(item("caption", decomposed, "platform", decomposed)).caption()).isEqualTo("Caf\u00E9");
    }

    @Test
    void emptyAndBlankStringsBecomeNull() {
        ContentRecord r = accepted(item("caption", "", "platform", "   ", "contentUrl", "\u0000\uFEFF",
                "viewCount", "", "publishedAt", " ", "tags", List.of("", " # ")));
        assertThat(r.caption()).isNull();
        assertThat(r.platform()).isNull();
        assertThat(r.url()).isNull();
        assertThat(r.viewCount()).isNull();
        assertThat(r.publishedAt()).isNull();
        assertThat(r.tags()).isEmpty();
        assertThat(r.extraJson()).as("blank is absent, not invalid").isNull();
    }

    @Test
    void tagsAreNormalizedAndDeduplicated() {
        assertThat(accepted(item("tags", List.of("#Recipe", "recipe", " ##Vegan ", "Caf\u0065\u0301"))).tags())
                .containsExactly("recipe", "vegan", "caf\u00E9");
        assertThat(accepted(item("tags", "a, #b ,a")).tags()).containsExactly("a", "b");
    }

    @Test
    void itemNearTheFourHundredKilobyteLimitIsAcceptedWhole() {
        String caption = "\u00E9t\u00E9 \uD83D\uDE00 ".repeat(36_000); // ~396 KB of UTF-8, multi-byte characters
        ContentRecord r = accepted(item("caption", caption, "blob", "x".repeat(5_000)));
        assertThat(r.caption()).isEqualTo(caption.strip());
        assertThat(extra(r).get("blob").asText()).hasSize(5_000);
    }
}
