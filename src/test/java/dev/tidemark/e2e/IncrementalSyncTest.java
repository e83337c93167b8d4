package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.testing.Events;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 2: seed three days, sync through the Lambda handler, change 15 items, sync again: only the delta is read. */
class IncrementalSyncTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(IncrementalSyncTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void secondRunReadsOnlyTheChangedItemsAndMovesTheSsmCheckpoint() {
        MutableClock clock = new MutableClock(T0);
        DemoDataset dataset = new DemoDataset(stack.table, 7);
        List<Map<String, AttributeValue>> seeded = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // Three days of history, one item every 28.8 minutes, the last ones just before T0.
            seeded.add(dataset.post("post-" + i, T0.minus(Duration.ofMinutes(3 * 24 * 60)).plusSeconds(1728L * i + 1)));
        }
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), seeded);

        try (Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT96H",
                TidemarkConfig.ENV_PAGE_SIZE, "40")).clock(clock).build()) {
            SyncHandler handler = new SyncHandler(() -> app);

            Map<String, Object> first = handler.handleRequest(freshDelivery(), null);
            assertThat(first).containsEntry("status", "succeeded").containsEntry("fetched", 150)
                    .containsEntry("upserted", 150);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(150);
            for (Map<String, AttributeValue> item : seeded) {
                assertStored(item);
            }
            Instant firstWatermark = Instant.parse(first.get("checkpoint").toString());
            assertThat(firstWatermark).isEqualTo(T0.minus(app.config().settleDelay()));
            assertThat(ssmCheckpoint()).contains("\"watermark\":\"" + firstWatermark + "\"");

            clock.advance(Duration.ofHours(1));
            Instant changedAt = T0.plus(Duration.ofMinutes(20));
            List<Map<String, AttributeValue>> changes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                changes.add(dataset.post("post-" + (i * 13), changedAt.plusSeconds(i)));
            }
            for (int i = 0; i < 5; i++) {
                changes.add(dataset.post("new-" + i, changedAt.plusSeconds(30 + i)));
            }
            SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), changes);

            // What the documented overlap re-reads: items stamped in [watermark - overlapLag, watermark).
            Instant overlapFrom = firstWatermark.minus(app.config().overlapLag());
            long overlap = seeded.stream().map(this::updatedAt)
                    .filter(t -> !t.isBefore(overlapFrom) && t.isBefore(firstWatermark)).count();

            Map<String, Object> second = handler.handleRequest(freshDelivery(), null);
            assertThat(second).containsEntry("status", "succeeded")
                    .containsEntry("fetched", (int) (15 + overlap))
                    .containsEntry("upserted", 15)
                    .containsEntry("unchanged", (int) overlap);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(155);
            changes.forEach(this::assertStored);
            Instant secondWatermark = Instant.parse(second.get("checkpoint").toString());
            assertThat(secondWatermark).isAfter(firstWatermark);
            assertThat(ssmCheckpoint()).contains("\"watermark\":\"" + secondWatermark + "\"");
            assertThat(Sql.rows(stack.dataSource, "SELECT status, fetched FROM sync_runs ORDER BY started_at"))
                    .extracting(r -> r.get("status") + "/" + r.get("fetched"))
                    .containsExactly("succeeded/150", "succeeded/" + (15 + overlap));
        }
    }

    private void assertStored(Map<String, AttributeValue> item) {
        String id = item.get("contentId").s();
        Map<String, Object> row = Sql.row(stack.dataSource, """
                SELECT c.platform, c.url, c.caption, c.view_count, c.like_count, c.creator_id, c.community_id,
                       c.source_updated_at, cr.follower_count, c.metadata->>'lang' AS lang,
                       (SELECT array_agg(t.name ORDER BY t.name) FROM content_tags ct JOIN tags t USING (tag_id)
                        WHERE ct.content_id = c.content_id) AS tags
                FROM content c JOIN creators cr USING (creator_id) WHERE c.content_id = ?""", id);
        assertThat(row.get("platform")).isEqualTo(item.get("platform").s());
        assertThat(row.get("url")).isEqualTo(item.get("contentUrl").s());
        assertThat(row.get("caption")).isEqualTo(item.get("caption").s());
        assertThat((BigDecimal) row.get("view_count")).isEqualByComparingTo(item.get("viewCount").n());
        assertThat((BigDecimal) row.get("like_count")).isEqualByComparingTo(item.get("likeCount").n());
        assertThat(row.get("creator_id")).isEqualTo(item.get("creatorId").s());
        assertThat(row.get("community_id")).isEqualTo(item.get("communityId").s());
        assertThat(((java.sql.Timestamp) row.get("source_updated_at")).toInstant()).isEqualTo(updatedAt(item));
        assertThat(row.get("lang")).isEqualTo("en");
        List<String> expectedTags = item.get("tags").l().stream().map(a -> a.s().substring(1)).distinct().sorted().toList();
        assertThat(row.get("tags")).isEqualTo(expectedTags);
    }

    private Instant updatedAt(Map<String, AttributeValue> item) {
        return Instant.parse(item.get("updatedAt").s());
    }

    private String ssmCheckpoint() {
        return stack.ssm.getParameter(r -> r.name(stack.checkpointParameter)).parameter().value();
    }

    /** The scheduled event file, with a new delivery id each time (EventBridge's id is per delivery). */
    static Map<String, Object> freshDelivery() {
        Map<String, Object> event = new HashMap<>(Events.load("scheduled.json"));
        event.put("id", UUID.randomUUID().toString());
        return event;
    }
}
