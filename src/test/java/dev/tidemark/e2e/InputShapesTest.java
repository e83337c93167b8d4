package dev.tidemark.e2e;

import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static dev.tidemark.e2e.SourceRuns.item;
import static dev.tidemark.e2e.SourceRuns.map;
import static dev.tidemark.e2e.SourceRuns.n;
import static dev.tidemark.e2e.SourceRuns.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, part 3, on the real stack: one test per input shape that used to lose or bend data, each written to
 * DynamoDB Local as a producer would, synced by real scheduled runs, and read back from PostgreSQL.
 */
class InputShapesTest {
    private static final AttributeValue NULL = AttributeValue.fromNul(true);
    private static SourceRuns runs;
    private static DataSource db;

    @BeforeAll
    static void start() {
        runs = SourceRuns.forClass(InputShapesTest.class, 100);
        db = runs.stack().dataSource;
    }

    @AfterAll
    static void stop() {
        runs.close();
    }

    @Test
    void aNewerItemNamingACreatorByIdAndHandleOnlyKeepsItsOtherFieldsAndAnExplicitNullClearsOne() {
        sync(item("cr-1", "creatorId", s("cr-full"), "creatorHandle", s("@full"), "creatorName", s("Full Name"),
                "followerCount", n("9007199254740993")));
        sync(item("cr-2", "creator", map("id", s("cr-full"), "handle", s("@renamed"))));
        assertThat(creator("cr-full")).containsEntry("handle", "@renamed").containsEntry("display_name", "Full Name")
                .containsEntry("follower_count", "9007199254740993");

        // NULL is the writer saying "none": it clears that field, and only that one.
        sync(item("cr-3", "creatorId", s("cr-full"), "followerCount", NULL));
        assertThat(creator("cr-full")).containsEntry("handle", "@renamed").containsEntry("display_name", "Full Name")
                .containsEntry("follower_count", null);
    }

    @Test
    void aNewerItemNamingACommunityByIdOnlyKeepsItsNameAndAnExplicitNullClearsIt() {
        sync(item("cm-1", "communityId", s("cm-kitchen"), "communityName", s("Kitchen")));
        sync(item("cm-2", "community", map("id", s("cm-kitchen"))));
        assertThat(Sql.row(db, "SELECT name FROM communities WHERE community_id = 'cm-kitchen'"))
                .containsEntry("name", "Kitchen");
        sync(item("cm-3", "communityId", s("cm-kitchen"), "communityName", NULL));
        assertThat(Sql.row(db, "SELECT name FROM communities WHERE community_id = 'cm-kitchen'"))
                .containsEntry("name", null);
    }

    @Test
    void metadataStringHoldingAJsonScalarIsParsedAndABigNumberStaysExact() {
        sync(item("md-big", "metadata", s("12345678901234567890123")),
                item("md-beyond-2-53", "metadata", s(" 9007199254740993 ")),
                item("md-decimal", "metadata", s("-0.10")),
                item("md-true", "metadata", s("true")),
                item("md-null", "metadata", s("null")),
                item("md-quoted", "metadata", s("\"just a string\"")));
        assertThat(metadata("md-big")).containsEntry("type", "number").containsEntry("text", "12345678901234567890123");
        assertThat(metadata("md-beyond-2-53")).containsEntry("type", "number").containsEntry("text", "9007199254740993");
        assertThat(metadata("md-decimal")).containsEntry("type", "number").containsEntry("text", "-0.10");
        assertThat(metadata("md-true")).containsEntry("type", "boolean").containsEntry("text", "true");
        assertThat(metadata("md-null")).containsEntry("type", null);
        assertThat(metadata("md-quoted")).containsEntry("type", "string").containsEntry("text", "\"just a string\"");
    }

    @Test
    void metadataThatIsNotJsonIsStoredAsNullWithTheOriginalUnderExtraInvalid() {
        sync(item("md-words", "metadata", s("lang=en; source=bot")),
                item("md-cut", "metadata", s("{\"lang\": \"en\"")));
        for (String id : List.of("md-words", "md-cut")) {
            assertThat(metadata(id)).as(id).containsEntry("type", null);
        }
        assertThat(Sql.row(db, "SELECT extra #>> '{invalid,metadata}' AS original FROM content"
                + " WHERE content_id = 'md-words'")).containsEntry("original", "lang=en; source=bot");
        assertThat(Sql.row(db, "SELECT extra #>> '{invalid,metadata}' AS original FROM content"
                + " WHERE content_id = 'md-cut'")).containsEntry("original", "{\"lang\": \"en\"");
    }

    @Test
    void textMadeOnlyOfUnicodeWhiteSpaceIsNullAndUnicodeWhiteSpaceIsTrimmed() {
        // No-break space, figure space, narrow no-break space, ideographic space, em space, NEL.
        sync(item("ws-blank", "caption", s("\u00A0\u2007\u202F\u3000\u2003\u0085"), "platform", s("\u00A0"),
                        "creatorId", s("ws-creator"), "creatorHandle", s("\u3000"), "communityName", s("\u202F")),
                item("ws-trim", "caption", s("\u00A0\u3000hello world\u202F\u00A0")));
        Map<String, Object> blank = Sql.row(db, "SELECT caption, platform, community_id FROM content"
                + " WHERE content_id = 'ws-blank'");
        assertThat(blank).containsEntry("caption", null).containsEntry("platform", null)
                .containsEntry("community_id", null);
        assertThat(creator("ws-creator")).containsEntry("handle", null);
        assertThat(Sql.row(db, "SELECT caption FROM content WHERE content_id = 'ws-trim'"))
                .containsEntry("caption", "hello world");
    }

    @Test
    void schemaDriftIsReportedOncePerItemVersionNotOnEveryOverlapReRead() {
        // "{late}" stamps the item just before the window's end, so the next run's overlap reads it again.
        RunRecord first = sync(item("drift-1", "updatedAt", s("{late}:00.000Z"), "sentiment", n("0.8")));
        assertThat(first.drift()).containsEntry("sentiment", 1);
        RunRecord reRead = runs.sync(List.of(item("drift-other")));
        assertThat(reRead.counts().unchanged()).as("drift-1, re-read by the overlap").isEqualTo(1);
        assertThat(reRead.drift()).as("the same version is not drift again").isEmpty();
        assertThat(Sql.row(db, "SELECT drift::text AS drift FROM sync_runs WHERE run_id = ?",
                reRead.runId())).containsEntry("drift", "{}");

        RunRecord newVersion = sync(item("drift-1", "sentiment", n("0.9")));
        assertThat(newVersion.drift()).as("a new version is reported again").containsEntry("sentiment", 1);
    }

    @SafeVarargs
    private static RunRecord sync(Map<String, AttributeValue>... items) {
        RunRecord run = runs.sync(List.of(items));
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counts().upserted()).isEqualTo(items.length);
        return run;
    }

    private static Map<String, Object> creator(String id) {
        return Sql.row(db, "SELECT handle, display_name, follower_count::text AS follower_count"
                + " FROM creators WHERE creator_id = ?", id);
    }

    private static Map<String, Object> metadata(String id) {
        return Sql.row(db, "SELECT jsonb_typeof(metadata) AS type, metadata::text AS text FROM content"
                + " WHERE content_id = ?", id);
    }
}
