package dev.tidemark.e2e;

import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.tidemark.e2e.SourceRuns.item;
import static dev.tidemark.e2e.SourceRuns.list;
import static dev.tidemark.e2e.SourceRuns.map;
import static dev.tidemark.e2e.SourceRuns.n;
import static dev.tidemark.e2e.SourceRuns.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3, on the real stack: each messy case is written to DynamoDB Local as a producer would write it,
 * synced by a real scheduled run, and its STORED values are read back from PostgreSQL.
 */
class MessyRecordsTest {
    private static TestStack stack;
    private static SourceRuns runs;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(MessyRecordsTest.class);
        runs = new SourceRuns(stack, 100);
    }

    @AfterAll
    static void stop() {
        runs.close();
        stack.close();
    }

    @Test
    void metadataNullMapJsonStringAndDoubleEncodedAreStoredAsJsonb() {
        syncAll(item("md-null", "metadata", AttributeValue.fromNul(true)),
                item("md-map", "metadata", map("lang", s("en"), "n", n("9007199254740993"))),
                item("md-string", "metadata", s("{\"lang\":\"pt\"}")),
                item("md-double", "metadata", s("\"{\\\"lang\\\":\\\"es\\\"}\"")),
                item("md-words", "metadata", s("not json")));
        assertThat(stored("md-null").get("metadata")).isNull();
        assertThat(value("SELECT metadata->>'lang' || ' ' || (metadata->'n')::text FROM content WHERE content_id = 'md-map'"))
                .isEqualTo("en 9007199254740993");
        assertThat(value("SELECT metadata->>'lang' FROM content WHERE content_id = 'md-string'")).isEqualTo("pt");
        assertThat(value("SELECT metadata->>'lang' FROM content WHERE content_id = 'md-double'")).isEqualTo("es");
        assertThat(stored("md-words").get("metadata")).as("not JSON: NULL, never a malformed value").isNull();
        assertThat(value("SELECT extra #>> '{invalid,metadata}' FROM content WHERE content_id = 'md-words'"))
                .isEqualTo("not json");
    }

    @Test
    void utf8BomIsStrippedBeforeStorage() {
        syncAll(item("bom", "caption", s("\uFEFFhello"), "metadata", s("\uFEFF{\"lang\":\"en\"}")));
        assertThat(stored("bom").get("caption")).isEqualTo("hello");
        assertThat(value("SELECT metadata->>'lang' FROM content WHERE content_id = 'bom'")).isEqualTo("en");
    }

    @Test
    void nulBytesNeverReachPostgresTextOrJsonb() {
        syncAll(item("nul", "caption", s("a\u0000b"), "metadata", map("k", s("v\u0000")), "note", s("x\u0000")));
        Map<String, Object> row = stored("nul");
        assertThat(row.get("caption")).isEqualTo("ab");
        assertThat(value("SELECT metadata->>'k' FROM content WHERE content_id = 'nul'")).isEqualTo("v\uFFFD");
        assertThat(value("SELECT extra->>'note' FROM content WHERE content_id = 'nul'")).isEqualTo("x\uFFFD");
    }

    @Test
    void controlCharactersAreRemovedButNewlineAndTabKept() {
        syncAll(item("ctl", "caption", s("one\u0007\r\ntwo\tthree\u001B\u009F")));
        assertThat(stored("ctl").get("caption")).isEqualTo("one\ntwo\tthree");
    }

    @Test
    void loneSurrogatesAreDroppedAndPairsArriveIntact() {
        // The SDK's JSON escapes a lone surrogate and DynamoDB Local hands it back: it reaches the parser.
        syncAll(item("lone", "caption", s("x\uD83Dy party \uD83C\uDF89"), "mood", s("a\uDC00")));
        assertThat(stored("lone").get("caption")).isEqualTo("xy party \uD83C\uDF89");
        assertThat(value("SELECT extra->>'mood' FROM content WHERE content_id = 'lone'")).isEqualTo("a\uFFFD");
    }

    @Test
    void textIsStoredNfcNormalized() {
        syncAll(item("nfc", "caption", s("Cafe\u0301"), "tags", list(s("#Cafe\u0301"))));
        assertThat(stored("nfc").get("caption")).isEqualTo("Caf\u00E9");
        assertThat(stored("nfc").get("tag_names")).isEqualTo(List.of("caf\u00E9"));
    }

    @Test
    void emptyAndBlankStringsAreStoredAsNull() {
        syncAll(item("blank", "caption", s(""), "platform", s("   "), "viewCount", s(""), "creatorId", s(" ")));
        Map<String, Object> row = stored("blank");
        assertThat(row.get("caption")).isNull();
        assertThat(row.get("platform")).isNull();
        assertThat(row.get("view_count")).isNull();
        assertThat(row.get("creator_id")).isNull();
        assertThat(row.get("extra")).isNull();
    }

    @Test
    void numbersBeyondTwoToThe53AndLongDecimalsArriveExactly() {
        syncAll(item("exact", "creatorId", s("big-creator"), "followerCount", n("9007199254740993"),
                "viewCount", n("123456789012345678901234567890"),
                "likeCount", n("0.12345678901234567890123456789012345678")));
        Map<String, Object> row = stored("exact");
        assertThat(row.get("view_count")).isEqualTo("123456789012345678901234567890");
        assertThat(row.get("like_count")).isEqualTo("0.12345678901234567890123456789012345678");
        assertThat(value("SELECT follower_count::text FROM creators WHERE creator_id = 'big-creator'"))
                .isEqualTo("9007199254740993");
    }

    @Test
    void numbersThatArriveAsStringsAreStoredAsExactNumbers() {
        syncAll(item("numstr", "viewCount", s("9007199254740993"), "likeCount", s("1,234,567"),
                "creatorId", s("c-str"), "followerCount", s(" 42 ")));
        Map<String, Object> row = stored("numstr");
        assertThat(row.get("view_count")).isEqualTo("9007199254740993");
        assertThat(row.get("like_count")).isEqualTo("1234567");
        assertThat(value("SELECT follower_count::text FROM creators WHERE creator_id = 'c-str'")).isEqualTo("42");
    }

    @Test
    void aliasedFieldNamesLandInTheirCanonicalColumns() {
        syncAll(item("alias", "url", s("https://x.example/a"), "author", map("id", s("au-1"), "username", s("ann"),
                        "followers", n("7")), "views", n("11"), "likes", s("3"), "hashtags", list(s("#One")),
                "subreddit", s("diy"), "meta", map("lang", s("fr")), "postedAt", s("2026-11-01T00:00:00Z"),
                "text", s("cap"), "network", s("reddit")));
        Map<String, Object> row = stored("alias");
        assertThat(row).containsEntry("url", "https://x.example/a").containsEntry("creator_id", "au-1")
                .containsEntry("view_count", "11").containsEntry("like_count", "3")
                .containsEntry("community_id", "diy").containsEntry("caption", "cap")
                .containsEntry("platform", "reddit").containsEntry("tag_names", List.of("one"));
        assertThat(instant(row.get("published_at"))).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(value("SELECT metadata->>'lang' FROM content WHERE content_id = 'alias'")).isEqualTo("fr");
        assertThat(value("SELECT handle || ' ' || follower_count FROM creators WHERE creator_id = 'au-1'"))
                .isEqualTo("ann 7");
        assertThat(row.get("extra")).isNull();
    }

    @Test
    void wrongTypesAreStoredAsNullWithTheOriginalInExtra() {
        syncAll(item("types", "platform", map("name", s("tiktok")), "viewCount", list(n("1")),
                "publishedAt", AttributeValue.fromBool(true), "caption", n("42")));
        Map<String, Object> row = stored("types");
        assertThat(row.get("platform")).isNull();
        assertThat(row.get("view_count")).isNull();
        assertThat(row.get("published_at")).isNull();
        assertThat(row.get("caption")).isEqualTo("42");
        assertThat(value("SELECT (extra #>> '{invalid,platform,name}') || ' ' || (extra #>> '{invalid,viewCount,0}')"
                + " || ' ' || (extra #>> '{invalid,publishedAt}') FROM content WHERE content_id = 'types'"))
                .isEqualTo("tiktok 1 true");
    }

    @Test
    void itemNearTheFourHundredKilobyteLimitIsStoredWhole() {
        String caption = "\u00E9t\u00E9 \uD83D\uDE00 ".repeat(36_000).strip(); // ~396 KB of UTF-8
        syncAll(item("big", "caption", s(caption)));
        assertThat(stored("big").get("caption")).isEqualTo(caption);
    }

    @Test
    void timestampsWithOffsetsAreStoredInUtcAndInvalidOnesKeptAside() {
        // The update time's string sorts inside the window; its -02:00 offset makes it two hours later in UTC.
        syncAll(item("tz", "updatedAt", s("{hour}:58:00.000-02:00"), "publishedAt", s("2026-11-01T12:00:00+05:30")),
                item("tz-bad", "publishedAt", s("2026-02-30T00:00:00Z")));
        Map<String, Object> row = stored("tz");
        Instant updated = instant(row.get("source_updated_at"));
        assertThat(updated.toString()).endsWith(":58:00Z");
        assertThat(instant(row.get("published_at"))).isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
        assertThat(stored("tz-bad").get("published_at")).isNull();
        assertThat(value("SELECT extra #>> '{invalid,publishedAt}' FROM content WHERE content_id = 'tz-bad'"))
                .isEqualTo("2026-02-30T00:00:00Z");
    }

    @SafeVarargs
    private static RunRecord syncAll(Map<String, AttributeValue>... items) {
        RunRecord run = runs.sync(List.of(items));
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counts().fetched()).isEqualTo(items.length);
        assertThat(run.counts().upserted()).as("every item is a good one here").isEqualTo(items.length);
        return run;
    }

    private static Map<String, Object> stored(String id) {
        return Sql.row(stack.dataSource, """
                SELECT c.platform, c.url, c.caption, c.published_at, c.view_count::text AS view_count,
                       c.like_count::text AS like_count, c.creator_id, c.community_id, c.metadata::text AS metadata,
                       c.extra::text AS extra, c.source_updated_at, c.deleted_at,
                       ARRAY(SELECT t.name FROM content_tags ct JOIN tags t USING (tag_id)
                             WHERE ct.content_id = c.content_id ORDER BY t.name) AS tag_names
                FROM content c WHERE c.content_id = ?""", id);
    }

    private static Object value(String sql) {
        return Sql.row(stack.dataSource, sql).values().iterator().next();
    }

    private static Instant instant(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant();
    }
}
