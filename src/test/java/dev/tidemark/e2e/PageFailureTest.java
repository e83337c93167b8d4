package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 2: page 2 of a run fails for real (a PostgreSQL constraint rejects one of its rows). Page 1 stays
 * committed, the checkpoint does not move, the run is recorded as failed with the error, the handler
 * throws; once the cause is gone the next run completes the window.
 */
class PageFailureTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(PageFailureTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aFailedPageLeavesTheCheckpointAndEarlierPagesAndTheNextRunCompletesTheWindow() {
        MutableClock clock = new MutableClock(T0);
        DemoDataset dataset = new DemoDataset(stack.table, 11);
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), List.of(
                dataset.post("early-1", T0.minus(Duration.ofHours(3))),
                dataset.post("early-2", T0.minus(Duration.ofHours(2)))));

        try (Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "5")).clock(clock).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            assertThat(handler.handleRequest(IncrementalSyncTest.freshDelivery(), null)).containsEntry("status", "succeeded");
            String checkpointBefore = ssmCheckpoint();

            // Twelve changes after the checkpoint, one item a minute: pages of 5 are items 1-5, 6-10, 11-12.
            List<Map<String, AttributeValue>> changes = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                changes.add(dataset.post(i == 7 ? "poison" : "item-" + i, T0.plus(Duration.ofMinutes(i))));
            }
            SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), changes);
            Sql.execute(stack.dataSource, "ALTER TABLE content ADD CONSTRAINT reject_poison CHECK (content_id <> 'poison')");
            clock.advance(Duration.ofHours(1));

            assertThatThrownBy(() -> handler.handleRequest(IncrementalSyncTest.freshDelivery(), null))
                    .isInstanceOf(SyncFailedException.class)
                    .hasMessageContaining("reject_poison");

            assertThat(ssmCheckpoint()).isEqualTo(checkpointBefore);
            assertThat(ids()).containsExactlyInAnyOrder("early-1", "early-2", "item-1", "item-2", "item-3", "item-4", "item-5");
            Map<String, Object> failed = Sql.row(stack.dataSource,
                    "SELECT status, error, pages, fetched, upserted, checkpoint_after FROM sync_runs ORDER BY started_at DESC LIMIT 1");
            assertThat(failed.get("status")).isEqualTo("failed");
            assertThat((String) failed.get("error")).contains("reject_poison");
            assertThat(failed.get("pages")).isEqualTo(1);
            assertThat(failed.get("upserted")).isEqualTo(5);
            assertThat(failed.get("checkpoint_after")).isNull();

            Sql.execute(stack.dataSource, "ALTER TABLE content DROP CONSTRAINT reject_poison");
            clock.advance(Duration.ofMinutes(5));
            Map<String, Object> recovered = handler.handleRequest(IncrementalSyncTest.freshDelivery(), null);

            assertThat(recovered).containsEntry("status", "succeeded").containsEntry("upserted", 7)
                    .containsEntry("unchanged", 5);
            assertThat(ids()).hasSize(14).contains("poison", "item-12");
            assertThat(ssmCheckpoint()).isNotEqualTo(checkpointBefore)
                    .contains(T0.plus(Duration.ofMinutes(65)).minus(app.config().settleDelay()).toString());
        }
    }

    private List<Object> ids() {
        return Sql.rows(stack.dataSource, "SELECT content_id FROM content").stream().map(r -> r.get("content_id")).toList();
    }

    private String ssmCheckpoint() {
        return stack.ssm.getParameter(r -> r.name(stack.checkpointParameter)).parameter().value();
    }
}
