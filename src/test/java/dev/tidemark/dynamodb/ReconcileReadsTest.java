package dev.tidemark.dynamodb;

import dev.tidemark.core.SourceItem;
import dev.tidemark.sync.SourceKey;
import dev.tidemark.sync.SourceKeys;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconcile's two reads on DynamoDB Local: the parallel Scan yields each key with its {@code updatedAt} and
 * tombstone state, the fetch returns whole items (leaving out keys that are gone), and both report every page's
 * consumed read capacity to the run's {@link ReadCapacityLimiter}, attempt by attempt.
 */
class ReconcileReadsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(ReconcileReadsTest.class);
        SourceItems source = new SourceItems(stack, 5);
        for (int i = 0; i < 23; i++) {
            source.put("k-" + i, T0.plusMillis(i));
        }
        source.tombstone("k-gone", T0.plusSeconds(60));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theScanYieldsKeysWithUpdatedAtAndTombstonesPageByPageFromACursorAndReportsEveryPagesCapacity() {
        ReadCapacityLimiter capacity = ReadCapacityLimiter.unlimited();
        DynamoDbSourceKeys keys = new DynamoDbSourceKeys(stack.dynamoDb, stack.table,
                new DynamoDbSourceKeys.Tombstones(List.of("deleted"), List.of("deletedAt")), capacity);
        List<SourceKey> seen = new ArrayList<>();
        int pages = 0;
        for (int segment = 0; segment < 3; segment++) {
            String cursor = null;
            do {
                SourceKeys.KeyPage page = keys.page(segment, 3, cursor, 4);
                assertThat(page.keys()).hasSizeLessThanOrEqualTo(4);
                seen.addAll(page.keys());
                pages++;
                // The cursor is text: a piece persists it, and the next invocation continues from it.
                cursor = page.next();
            } while (cursor != null);
        }

        assertThat(seen).hasSize(24).doesNotHaveDuplicates();
        assertThat(seen).contains(new SourceKey("k-7", false, T0.plusMillis(7), false),
                new SourceKey("k-gone", false, T0.plusSeconds(60), true));
        assertThat(capacity.requests()).as("one paced request per page").isEqualTo(pages).isGreaterThanOrEqualTo(6);
        assertThat(capacity.consumedTotal()).isPositive();
    }

    @Test
    void theFetchReturnsWholeItemsLeavesOutGoneKeysAndReportsItsCapacity() {
        ReadCapacityLimiter capacity = ReadCapacityLimiter.unlimited();
        DynamoDbItemFetcher fetcher = new DynamoDbItemFetcher(stack.dynamoDb, stack.table, capacity);
        List<SourceItem> items = fetcher.fetch(List.of(new SourceKey("k-1", false, null, false),
                new SourceKey("never-was", false, null, false), new SourceKey("k-2", false, null, false)));

        assertThat(items).extracting(i -> i.get("contentId")).containsExactlyInAnyOrder("k-1", "k-2");
        double[] units = new double[2];
        for (boolean consistent : List.of(true, false)) {
            ReadCapacityLimiter presence = ReadCapacityLimiter.unlimited();
            assertThat(new DynamoDbItemFetcher(stack.dynamoDb, stack.table, presence)
                    .present(List.of("k-1", "never-was", "k-gone"), consistent)).containsExactlyInAnyOrder("k-1", "k-gone");
            units[consistent ? 0 : 1] = presence.consumedTotal();
        }
        // The gone-row check asks eventually consistent first (half the units), strongly consistent to confirm.
        assertThat(units[0]).isPositive().isEqualTo(2 * units[1]);
        assertThat(items).allSatisfy(i -> assertThat(i.attributes()).containsKeys("caption", "creatorId", "updatedAt"));
        assertThat(capacity.requests()).isPositive();
        assertThat(capacity.consumedTotal()).isPositive();
    }
}
