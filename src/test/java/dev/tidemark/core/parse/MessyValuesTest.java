package dev.tidemark.core.parse;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.model.RejectionReason;
import dev.tidemark.core.SourceItem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.tidemark.core.parse.Items.UPDATED_AT;
import static dev.tidemark.core.parse.Items.accepted;
import static dev.tidemark.core.parse.Items.acceptedOutcome;
import static dev.tidemark.core.parse.Items.extra;
import static dev.tidemark.core.parse.Items.item;
import static dev.tidemark.core.parse.Items.json;
import static dev.tidemark.core.parse.Items.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/** The messy cases for numbers, times, types, drift and required fields. */
class MessyValuesTest {

    @Test
    void numbersBeyondTwoToThe53AndLongDecimalsStayExact() {
        ContentRecord r = accepted(item("viewCount", new BigDecimal("123456789012345678901234567890"),
                "likeCount", new BigDecimal("0.12345678901234567890123456789012345678"),
                "creatorId", "cr-1", "followerCount", new BigDecimal("9007199254740993")));
        assertThat(r.viewCount().toPlainString()).isEqualTo("123456789012345678901234567890");
        assertThat(r.likeCount().toPlainString()).isEqualTo("0.12345678901234567890123456789012345678");
        assertThat(r.creator().followerCount().toPlainString()).isEqualTo("9007199254740993");
    }

    @Test
    void numbersThatArriveAsStringsAreReadExactly() {
        ContentRecord r = accepted(item("viewCount", " 9007199254740993 ", "likeCount", "1,234,567",
                "creatorId", "cr-1", "followerCount", "1e3"));
        assertThat(r.viewCount()).isEqualTo(new BigDecimal("9007199254740993"));
        assertThat(r.likeCount()).isEqualTo(new BigDecimal("1234567"));
        assertThat(r.creator().followerCount()).isEqualByComparingTo("1000");
    }

    @Test
    void ambiguousOrUnreadableNumberStringsAreKeptAsInvalid() {
        ContentRecord r = accepted(item("viewCount", "1,5", "likeCount", "12k"));
        assertThat(r.viewCount()).isNull();
        assertThat(r.likeCount()).isNull();
        assertThat(extra(r).at("/invalid/viewCount").asText()).isEqualTo("1,5");
        assertThat(extra(r).at("/invalid/likeCount").asText()).isEqualTo("12k");
    }

    @Test
    void wrongTypesBecomeNullAndAreKeptUnderExtraInvalid() {
        ContentRecord r = accepted(item("platform", Map.of("name", "tiktok"), "viewCount", List.of(1, 2),
                "publishedAt", true, "caption", new BigDecimal("42"), "creator", new BigDecimal("7"),
                "tags", List.of("ok", Map.of("nested", "tag"))));
        assertThat(r.platform()).isNull();
        assertThat(r.viewCount()).isNull();
        assertThat(r.publishedAt()).isNull();
        assertThat(r.caption()).as("a number where text belongs is still text").isEqualTo("42");
        assertThat(r.creator()).isNull();
        assertThat(r.tags()).containsExactly("ok");
        assertThat(extra(r).at("/invalid/platform/name").asText()).isEqualTo("tiktok");
        assertThat(extra(r).at("/invalid/viewCount/1").asInt()).isEqualTo(2);
        assertThat(extra(r).at("/invalid/publishedAt").asBoolean()).isTrue();
        assertThat(extra(r).at("/invalid/creator").asInt()).isEqualTo(7);
        assertThat(extra(r).at("/invalid/tags/0/nested").asText()).isEqualTo("tag");
    }

    @Test
    void unknownFieldsGoToExtraAndAreReportedAsDrift() {
        ParseOutcome.Accepted outcome = acceptedOutcome(item("sentimentScore", new BigDecimal("0.82"),
                "creator", Map.of("id", "cr-9", "verified", true), "x\u0000y", "z"));
        assertThat(outcome.driftFields()).containsExactlyInAnyOrder("sentimentScore", "creator.verified", "x\uFFFDy");
        assertThat(extra(outcome.record()).get("sentimentScore").decimalValue()).isEqualByComparingTo("0.82");
        assertThat(extra(outcome.record()).get("creator.verified").asBoolean()).isTrue();
        assertThat(outcome.record().creator().creatorId()).isEqualTo("cr-9");
    }

    @Test
    void aSourceFieldNamedLikeAParserNoteIsMovedAsideNotOverwritten() {
        ParseOutcome.Accepted outcome = acceptedOutcome(item("invalid", "mine", "viewCount", "lots"));
        assertThat(extra(outcome.record()).get("invalid~source").asText()).isEqualTo("mine");
        assertThat(extra(outcome.record()).at("/invalid/viewCount").asText()).isEqualTo("lots");
        assertThat(outcome.driftFields()).containsExactly("invalid");
    }

    @Test
    void aSecondAliasWithADifferentValueIsKeptAsShadowed() {
        ContentRecord r = accepted(item("contentUrl", "https://a.example/1", "url", "https://b.example/1",
                "permalink", "https://a.example/1"));
        assertThat(r.url()).isEqualTo("https://a.example/1");
        assertThat(extra(r).at("/shadowed/url").asText()).isEqualTo("https://b.example/1");
        assertThat(extra(r).at("/shadowed").has("permalink")).as("same value, nothing to keep").isFalse();
    }

    @Test
    void missingKeyIsRejectedWithReason() {
        Map<String, Object> item = item();
        item.remove("contentId");
        Rejection r = rejected(item);
        assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_KEY);
        assertThat(r.sourceUpdatedAt()).isEqualTo(Instant.parse(UPDATED_AT));
        assertThat(r.detail()).contains("contentId", "postId");
        assertThat(json(r.rawJson()).get("updatedAt").asText()).isEqualTo(UPDATED_AT);
        assertThat(rejected(item("contentId", "  ")).reason()).isEqualTo(RejectionReason.MISSING_KEY);
    }

    @Test
    void keyPostgresCannotStoreAsIsIsRejectedNotCleaned() {
        assertThat(rejected(item("contentId", "a\u0000b")).reason()).isEqualTo(RejectionReason.INVALID_KEY);
        assertThat(rejected(item("contentId", "a\uD800")).reason()).isEqualTo(RejectionReason.INVALID_KEY);
        assertThat(rejected(item("contentId", Map.of("S", "x"))).reason()).isEqualTo(RejectionReason.INVALID_KEY);
        assertThat(rejected(item("contentId", "k".repeat(2049))).reason()).isEqualTo(RejectionReason.INVALID_KEY);
        assertThat(accepted(item("contentId", " Caf\u0065\u0301 ")).contentId()).as("kept byte for byte")
                .isEqualTo(" Caf\u0065\u0301 ");
        assertThat(accepted(item("contentId", new BigDecimal("12.50"))).contentId()).isEqualTo("12.5");
    }

    @Test
    void configuredKeyAttributeMissingFallsBackToAliasesThenRejects() {
        ItemParser parser = new ItemParser(new SourceSchema("pk", "updatedAt", "updatedDate", "deleted", "deletedAt"));
        Map<String, Object> withAlias = item("postId", "p-1");
        withAlias.remove("contentId");
        ParseOutcome ok = parser.parse(new SourceItem(withAlias));
        assertThat(((ParseOutcome.Accepted) ok).record().contentId()).isEqualTo("p-1");
        withAlias.remove("postId");
        Rejection r = ((ParseOutcome.Rejected) parser.parse(new SourceItem(withAlias))).rejection();
        assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_KEY);
        assertThat(r.detail()).startsWith("no content id under any of pk, contentId");
    }

    @Test
    void missingUpdatedAtIsRejectedWithReason() {
        Map<String, Object> item = item();
        item.remove("updatedAt");
        Rejection r = rejected(item);
        assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_UPDATED_AT);
        assertThat(r.sourceKey()).isEqualTo("c-1");
        assertThat(rejected(item("updatedAt", "")).reason()).isEqualTo(RejectionReason.MISSING_UPDATED_AT);
    }

    @Test
    void invalidUpdatedAtIsRejectedWithReason() {
        // Minute 61 sorts inside the GSI window like any other key, but is no instant.
        for (String bad : List.of("2026-11-22T10:61:00.000Z", "2026-02-30T10:00:00Z", "yesterday",
                "+10000-01-01T00:00:00Z")) {
            Rejection r = rejected(item("updatedAt", bad));
            assertThat(r.reason()).as(bad).isEqualTo(RejectionReason.INVALID_UPDATED_AT);
            assertThat(r.detail()).contains(bad);
        }
        assertThat(rejected(item("updatedAt", Map.of("t", 1))).reason()).isEqualTo(RejectionReason.INVALID_UPDATED_AT);
    }

    @Test
    void timestampsWithOffsetsAndZonesAreStoredAsUtc() {
        Map<String, String> cases = Map.of(
                "2026-11-22T12:15:30.123+02:00", "2026-11-22T10:15:30.123Z",
                "2026-11-22T15:45:30.123+0530", "2026-11-22T10:15:30.123Z",
                "2026-11-22T11:15:30.123+01:00[Europe/Paris]", "2026-11-22T10:15:30.123Z",
                "2026-11-22 10:15:30.123", "2026-11-22T10:15:30.123Z",
                "2026-11-22T10:15:30.123z", "2026-11-22T10:15:30.123Z",
                "2026-11-22", "2026-11-22T00:00:00Z",
                "1795342530", "2026-11-22T10:15:30Z");
        cases.forEach((raw, utc) -> assertThat(accepted(item("updatedAt", raw)).sourceUpdatedAt()).as(raw)
                .isEqualTo(Instant.parse(utc)));
        assertThat(accepted(item("publishedAt", new BigDecimal("1795342530123"))).publishedAt())
                .isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
    }

    @Test
    void invalidOptionalTimestampBecomesNullAndIsKept() {
        ContentRecord r = accepted(item("publishedAt", "2026-13-01T00:00:00Z"));
        assertThat(r.publishedAt()).isNull();
        assertThat(extra(r).at("/invalid/publishedAt").asText()).isEqualTo("2026-13-01T00:00:00Z");
        ContentRecord year = accepted(item("publishedAt", "2026"));
        assertThat(year.publishedAt()).as("a year is not 2026 seconds after 1970").isNull();
        assertThat(extra(year).at("/invalid/publishedAt").asText()).isEqualTo("2026");
    }

    @Test
    void tombstonesSetDeletedAt() {
        assertThat(accepted(item("deleted", true)).deletedAt()).isEqualTo(Instant.parse(UPDATED_AT));
        assertThat(accepted(item("isDeleted", "yes")).deletedAt()).isEqualTo(Instant.parse(UPDATED_AT));
        assertThat(accepted(item("deletedAt", "2026-11-21T00:00:00Z")).deletedAt())
                .isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(accepted(item("deleted", false, "deletedAt", "")).deletedAt()).isNull();
    }

    @Test
    void creatorAndCommunityFromNestedMapsOrBareNames() {
        ContentRecord nested = accepted(item("author", Map.of("id", "a-1", "username", "Ana", "followers", "12"),
                "community", Map.of("id", "cooking", "title", "Cooking")));
        assertThat(nested.creator().creatorId()).isEqualTo("a-1");
        assertThat(nested.creator().handle()).isEqualTo("Ana");
        assertThat(nested.creator().followerCount()).isEqualTo(new BigDecimal("12"));
        assertThat(nested.community().name()).isEqualTo("Cooking");
        ContentRecord bare = accepted(item("author", "Ana", "community", "Cooking"));
        assertThat(bare.creator().creatorId()).isEqualTo("ana");
        assertThat(bare.community().communityId()).isEqualTo("cooking");
    }

    @Test
    void overlongIdsAndTagsAreKeptAsInvalidInsteadOfBreakingTheIndex() {
        String longText = "t".repeat(ItemReader.MAX_INDEXED_CHARS + 1);
        ContentRecord r = accepted(item("creatorId", longText, "tags", List.of("fine", longText)));
        assertThat(r.creator()).isNull();
        assertThat(r.tags()).containsExactly("fine");
        assertThat(extra(r).at("/invalid/creatorId").asText()).isEqualTo(longText);
        assertThat(extra(r).at("/invalid/tags/0").asText()).isEqualTo(longText);
    }
}
