package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.DynamoDbCounter;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6: an incremental run costs what changed, not the table. Every DynamoDB call the application makes
 * passes an SDK interceptor: after a backfill of ten days, a run with 100 changes issues Queries only — no
 * Scan —, one per day partition of its window, and reads the 100 changes plus the documented overlap.
 */
class IncrementalReadCostTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;
    private static DynamoDbCounter counter;
    private static DynamoDbClient counted;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(IncrementalReadCostTest.class);
        counter = new DynamoDbCounter();
        counted = DynamoDbClient.builder()
                .endpointOverride(stack.dynamoDb.serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                .build();
    }

    @AfterAll
    static void stop() {
        counted.close();
        stack.close();
    }

    @Test
    void aRunWithOneHundredChangesQueriesItsPartitionsAndNeverScans() {
        DemoDataset dataset = new DemoDataset(stack.table, 5);
        List<Map<String, AttributeValue>> history = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Ten days of history, one item every 7.2 minutes, the last one just before T0.
            history.add(dataset.post("post-" + i, T0.minus(Duration.ofDays(10)).plusMillis(432_000L * i + 1)));
        }
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), history);
        MutableClock clock = new MutableClock(T0);
        try (Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT264H",
                TidemarkConfig.ENV_PAGE_SIZE, "250")).dynamoDb(counted).clock(clock).build()) {
            RunRecord backfill = app.sync().runScheduled("test", "backfill", TimeBudget.UNLIMITED);
            assertThat(backfill.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(backfill.counts().fetched()).isEqualTo(2_000);
            assertThat(counter.requests()).containsOnlyKeys("Query");
            Instant watermark = backfill.checkpointAfter();

            clock.advance(Duration.ofHours(1));
            List<Map<String, AttributeValue>> changes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                changes.add(dataset.post("post-" + (i * 19), T0.plus(Duration.ofMinutes(10)).plusSeconds(i)));
            }
            SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), changes);
            long overlap = history.stream().map(item -> Instant.parse(item.get("updatedAt").s()))
                    .filter(t -> !t.isBefore(watermark.minus(app.config().overlapLag())) && t.isBefore(watermark))
                    .count();
            counter.reset();

            RunRecord incremental = app.sync().runScheduled("test", "hourly", TimeBudget.UNLIMITED);

            assertThat(incremental.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(counter.requests("Scan")).isZero();
            assertThat(counter.requests()).containsOnlyKeys("Query");
            // Yesterday (the one-day overlap) and today, each fitting in one page.
            assertThat(incremental.partitions()).hasSize(2);
            assertThat(counter.requests("Query")).isEqualTo(2);
            assertThat(counter.itemsReturned()).isEqualTo(100 + overlap);
            assertThat(counter.itemsScanned()).isEqualTo(100 + overlap);
            assertThat(incremental.counts().fetched()).isEqualTo(100 + overlap);
            assertThat(incremental.counts().upserted()).isEqualTo(100);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE last_run_id = ?",
                    incremental.runId())).isEqualTo(100);
        }
    }
}
