package dev.tidemark.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static dev.tidemark.e2e.SourceRuns.item;
import static dev.tidemark.e2e.SourceRuns.list;
import static dev.tidemark.e2e.SourceRuns.map;
import static dev.tidemark.e2e.SourceRuns.n;
import static dev.tidemark.e2e.SourceRuns.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3, on the real stack: bad items never stop a page, nothing is lost, drift is recorded on the run. */
class QuarantineAndDriftTest {
    private static TestStack stack;
    private static SourceRuns runs;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(QuarantineAndDriftTest.class);
        runs = new SourceRuns(stack, 50);
    }

    @AfterAll
    static void stop() {
        runs.close();
        stack.close();
    }

    @Test
    void aPageMixingGoodAndBadItemsCommitsTheGoodOnesAndQuarantinesTheBadOnes() {
        RunRecord run = runs.sync(List.of(
                item("mix-1", "caption", s("fine")),
                item("mix-bad-time", "updatedAt", s("{hour}:61:00.000Z"), "caption", s("minute 61")),
                item("mix-2", "viewCount", s("not a number")),
                item("mix-bad-key\u0000", "caption", s("NUL in the key")),
                item("mix-3", "metadata", s("\"{\\\"a\\\":1}\""))));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        // The five items (one partition) shared a single page; empty pages of other partitions are not written.
        assertThat(run.counts().pages()).isEqualTo(1);
        assertThat(run.counts().fetched()).isEqualTo(5);
        assertThat(run.counts().upserted()).isEqualTo(3);
        assertThat(run.counts().quarantined()).isEqualTo(2);
        assertThat(run.counts().balanced()).isTrue();
        assertThat(Sql.row(stack.dataSource, "SELECT status, fetched, upserted, unchanged, quarantined FROM sync_runs"
                + " WHERE run_id = ?", run.runId()))
                .containsEntry("status", "succeeded").containsEntry("fetched", 5).containsEntry("upserted", 3)
                .containsEntry("unchanged", 0).containsEntry("quarantined", 2);
        assertThat(Sql.rows(stack.dataSource, "SELECT content_id FROM content WHERE content_id LIKE 'mix%'"
                + " ORDER BY content_id")).extracting(r -> r.get("content_id"))
                .containsExactly("mix-1", "mix-2", "mix-3");

        Map<String, Object> badTime = Sql.row(stack.dataSource, """
                SELECT run_id, source_key, reason, detail, raw->>'caption' AS caption, raw->>'updatedAt' AS updated_at,
                       source_updated_at, resolved_at FROM quarantine WHERE source_key = 'mix-bad-time'""");
        assertThat(badTime).containsEntry("run_id", run.runId()).containsEntry("reason", "INVALID_UPDATED_AT")
                .containsEntry("caption", "minute 61").containsEntry("source_updated_at", null)
                .containsEntry("resolved_at", null);
        assertThat((String) badTime.get("updated_at")).endsWith(":61:00.000Z");
        assertThat((String) badTime.get("detail")).contains(":61:00.000Z");
        Map<String, Object> badKey = Sql.row(stack.dataSource,
                "SELECT source_key, reason, raw->>'contentId' AS key FROM quarantine WHERE reason = 'INVALID_KEY'");
        assertThat(badKey).containsEntry("source_key", "mix-bad-key\uFFFD").containsEntry("key", "mix-bad-key\uFFFD");
    }

    @Test
    void aQuarantinedItemFixedAtTheSourceIsAcceptedAndItsQuarantineRowResolved() {
        RunRecord bad = runs.sync(List.of(item("replay-1", "updatedAt", s("{hour}:61:00.000Z"), "caption", s("v1"))));
        assertThat(bad.counts().quarantined()).isEqualTo(1);
        // The operator reads the raw item, the producer fixes it and writes it again with a valid time.
        Map<String, Object> open = Sql.row(stack.dataSource,
                "SELECT raw->>'caption' AS caption FROM quarantine WHERE source_key = 'replay-1' AND resolved_at IS NULL");
        assertThat(open).containsEntry("caption", "v1");

        RunRecord fixed = runs.sync(List.of(item("replay-1", "caption", s("v1 fixed"))));
        assertThat(fixed.counts().upserted()).isEqualTo(1);
        assertThat(Sql.row(stack.dataSource, "SELECT caption FROM content WHERE content_id = 'replay-1'"))
                .containsEntry("caption", "v1 fixed");
        assertThat(Sql.row(stack.dataSource,
                "SELECT resolved_by_run, resolved_at IS NOT NULL AS resolved FROM quarantine WHERE source_key = 'replay-1'"))
                .containsEntry("resolved_by_run", fixed.runId()).containsEntry("resolved", true);
    }

    @Test
    void aBadItemReadAgainInTheNextRunsOverlapIsNotQuarantinedTwice() {
        RunRecord first = runs.sync(List.of(item("overlap-bad", "updatedAt", s("{late}:61.000Z"))));
        assertThat(first.counts().quarantined()).isEqualTo(1);
        RunRecord second = runs.sync(List.of());
        assertThat(second.counts().fetched()).as("re-read by the overlap").isEqualTo(1);
        assertThat(second.counts().quarantined()).isEqualTo(1);
        assertThat(second.counts().balanced()).isTrue();
        assertThat(Sql.rows(stack.dataSource, "SELECT run_id FROM quarantine WHERE source_key = 'overlap-bad'"))
                .extracting(r -> r.get("run_id")).containsExactly(first.runId());
    }

    @Test
    void reTaggingReplacesTheEdgeSet() {
        runs.sync(List.of(item("retag", "tags", list(s("#a"), s("#b"), s("#c")))));
        assertThat(tags("retag")).containsExactly("a", "b", "c");
        runs.sync(List.of(item("retag", "tags", list(s("#c"), s("#d")))));
        assertThat(tags("retag")).containsExactly("c", "d");
        assertThat(Sql.row(stack.dataSource, "SELECT tags FROM content WHERE content_id = 'retag'"))
                .containsEntry("tags", List.of("c", "d"));
        runs.sync(List.of(item("retag", "caption", s("no tags any more"))));
        assertThat(tags("retag")).isEmpty();
    }

    @Test
    void driftIsKeptInExtraCountedOnTheRunAndLoggedOnce() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        RunRecord run;
        try {
            run = runs.sync(List.of(
                    item("drift-1", "sentimentScore", n("0.82"), "creator", map("id", s("cr-d"), "verified",
                            AttributeValue.fromBool(true))),
                    item("drift-2", "sentimentScore", n("0.10")),
                    item("drift-3", "caption", s("no drift here"))));
        } finally {
            root.detachAppender(log);
        }
        assertThat(run.drift()).containsExactlyInAnyOrderEntriesOf(Map.of("sentimentScore", 2, "creator.verified", 1));
        assertThat(Sql.row(stack.dataSource, "SELECT drift->>'sentimentScore' AS a, drift->>'creator.verified' AS b"
                + " FROM sync_runs WHERE run_id = ?", run.runId())).containsEntry("a", "2").containsEntry("b", "1");
        assertThat(Sql.row(stack.dataSource, "SELECT (extra->>'sentimentScore')::numeric::text AS score,"
                + " extra->>'creator.verified' AS verified FROM content WHERE content_id = 'drift-1'"))
                .containsEntry("score", "0.82").containsEntry("verified", "true");
        List<String> driftLines = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(l -> l.contains("schema drift")).toList();
        assertThat(driftLines).hasSize(1);
        assertThat(driftLines.getFirst()).contains(run.runId(), "sentimentScore", "creator.verified");
    }

    @Test
    void anItemWithoutTheConfiguredKeyIsQuarantinedAsMissingKey() {
        // The configured key attribute (contentId) is not the table's key (pk): items lack it entirely.
        SourceTable other = new SourceTable("pk-keyed-" + stack.name, "updatedDate-updatedAt-index", "pk",
                "updatedDate", "updatedAt");
        SourceTables.create(stack.dynamoDb, other);
        try (SourceRuns misconfigured = new SourceRuns(stack, Map.of(TidemarkConfig.ENV_TABLE, other.tableName(),
                TidemarkConfig.ENV_CHECKPOINT_PARAMETER, stack.checkpointParameter + "-pk"))) {
            RunRecord run = misconfigured.sync(List.of(item(null, "pk", s("p-1"), "caption", s("keyed by pk"))));
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.counts().quarantined()).isEqualTo(1);
            assertThat(Sql.row(stack.dataSource, "SELECT source_key, reason, detail, raw->>'pk' AS pk,"
                    + " source_updated_at IS NOT NULL AS has_time FROM quarantine WHERE run_id = ?", run.runId()))
                    .containsEntry("source_key", null).containsEntry("reason", "MISSING_KEY")
                    .containsEntry("pk", "p-1").containsEntry("has_time", true);
        }
    }

    private static List<Object> tags(String id) {
        return Sql.rows(stack.dataSource, "SELECT t.name FROM content_tags ct JOIN tags t USING (tag_id)"
                + " WHERE ct.content_id = ? ORDER BY t.name", id).stream().map(r -> r.get("name")).toList();
    }
}
