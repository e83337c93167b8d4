package dev.tidemark.e2e;

import dev.tidemark.app.RetryPolicies;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkBuilder;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.local.MutableClock;
import dev.tidemark.postgres.PageWriteException;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.PageResult;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.FailingCalls;
import dev.tidemark.testing.FaultyClients;
import dev.tidemark.testing.KillingDataSource;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 4: retries that respect limits, and a run that gives up records {@code failed} and rethrows. */
class RetryTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;
    private SourceItems source;
    private MutableClock clock;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(RetryTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void seed() {
        stack.reset();
        source = new SourceItems(stack, 11);
        clock = new MutableClock(T0);
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(source.item("item-" + i, T0.minus(Duration.ofMinutes(50 - i)), false));
        }
        source.putAll(items);
    }

    @Test
    void dynamoDbThrottlingIsRetriedByTheSdkStrategyAndTheRunSucceeds() {
        FailingCalls faults = new FailingCalls();
        try (DynamoDbClient dynamo = FaultyClients.dynamoDb(faults);
             Tidemark app = app(Map.of()).dynamoDb(dynamo).build()) {
            faults.failNext("Query", 3);
            RunRecord run = scheduled(app);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(faults.injected()).isEqualTo(3);
            // Every page's Query went out once more per injected throttle: the SDK retried, not the sync.
            int queries = run.partitions().size() + run.counts().pages();
            assertThat(faults.attempts("Query")).isBetween(queries, queries + 3 + run.partitions().size());
            assertThat(faults.attempts("Query")).isGreaterThanOrEqualTo(run.counts().pages() + 3);
            source.assertEqualToSource(stack.dataSource);
        }
    }

    @Test
    void throttlingThatOutlastsTheRetryBudgetFailsTheRunWhichRecordsFailedAndRethrows() {
        FailingCalls faults = new FailingCalls();
        // Production's attempt limit, with the backoff shortened so the test does not wait out real delays.
        var fast = RetryPolicies.dynamoDb().toBuilder()
                .backoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(1)))
                .throttlingBackoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(1))).build();
        try (DynamoDbClient dynamo = FaultyClients.dynamoDb(faults, fast);
             Tidemark app = app(Map.of()).dynamoDb(dynamo).build()) {
            // Every Query attempt is throttled for this run. The walk reads ahead (up to three partitions' Queries
            // in flight), so each of those requests spends its own budget before the run gives up.
            faults.failNext("Query", 1_000);
            assertThatThrownBy(() -> scheduled(app)).isInstanceOf(SyncFailedException.class)
                    .hasRootCauseInstanceOf(ProvisionedThroughputExceededException.class)
                    .rootCause().hasMessageContaining("SDK Attempt Count: " + RetryPolicies.DYNAMODB_MAX_ATTEMPTS);
            faults.clear();
            assertThat(faults.attempts("Query")).isBetween(RetryPolicies.DYNAMODB_MAX_ATTEMPTS,
                    3 * RetryPolicies.DYNAMODB_MAX_ATTEMPTS);
            assertThat(Sql.row(stack.dataSource, "SELECT status, error FROM sync_runs"))
                    .containsEntry("status", "failed")
                    .satisfies(r -> assertThat((String) r.get("error")).contains("ProvisionedThroughputExceededException"));
            assertThat(app.checkpoints().read()).isEmpty();

            RunRecord next = scheduled(app);
            assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
            source.assertEqualToSource(stack.dataSource);
        }
    }

    @Test
    void aPostgresConnectionKilledMidPageIsRetriedAndThePageCommitsOnce() {
        KillingDataSource killing = new KillingDataSource(stack.dataSource);
        try (Tidemark app = app(Map.of()).mappedSink(MappedSinks.postgres(killing)).build()) {
            // The first page runs creators (1), communities (2), tags (3), the content upsert (4), then its
            // session dies before the tag edges (5): half the page executed, all of it rolled back.
            killing.killAtStep(5);
            RunRecord run = scheduled(app);
            assertThat(killing.kills()).isEqualTo(1);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.counts().upserted()).isEqualTo(10);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(10);
            source.assertEqualToSource(stack.dataSource);
        }
    }

    @Test
    void serializationFailuresAndDeadlocksAreRetriedOtherErrorsAreNot() {
        List<String> thrown = new ArrayList<>();
        List<String> script = new ArrayList<>(List.of("40001", "40P01"));
        MappedSink flaky = new FlakySink(MappedSinks.postgres(stack.dataSource), script, thrown);
        try (Tidemark app = app(Map.of()).mappedSink(flaky).build()) {
            RunRecord run = scheduled(app);
            assertThat(thrown).containsExactly("40001", "40P01");
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            source.assertEqualToSource(stack.dataSource);
        }
        stack.reset();
        seed();
        thrown.clear();
        script.addAll(List.of("23505", "40001"));
        try (Tidemark app = app(Map.of()).mappedSink(new FlakySink(MappedSinks.postgres(stack.dataSource), script, thrown))
                .build()) {
            assertThatThrownBy(() -> scheduled(app)).isInstanceOf(SyncFailedException.class);
            assertThat(thrown).as("a unique violation is the page's fault: no retry").containsExactly("23505");
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isZero();
        }
    }

    @Test
    void aDatabaseThatStaysDownFailsTheRunAfterTheBoundedAttempts() {
        List<String> thrown = new ArrayList<>();
        List<String> script = new ArrayList<>(List.of("08006", "08006", "08006", "08006", "08006"));
        try (Tidemark app = app(Map.of(TidemarkConfig.ENV_DB_RETRY_ATTEMPTS, "3"))
                .mappedSink(new FlakySink(MappedSinks.postgres(stack.dataSource), script, thrown)).build()) {
            assertThatThrownBy(() -> scheduled(app)).isInstanceOf(SyncFailedException.class)
                    .hasRootCauseInstanceOf(SQLException.class);
            assertThat(thrown).hasSize(3);
            assertThat(Sql.row(stack.dataSource, "SELECT status, error FROM sync_runs"))
                    .containsEntry("status", "failed")
                    .satisfies(r -> assertThat((String) r.get("error")).contains("08006"));
            assertThat(app.checkpoints().read()).isEmpty();
        }
    }

    @Test
    void theSsmCheckpointWriteIsRetriedThreeTimesThenTheRunFailsWithItsDataCommitted() {
        FailingCalls faults = new FailingCalls();
        try (SsmClient ssm = FaultyClients.ssm(faults); Tidemark app = app(Map.of()).ssm(ssm).build()) {
            faults.failNext("PutParameter", 2);
            RunRecord first = scheduled(app);
            assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(faults.attempts("PutParameter")).isEqualTo(3);
            assertThat(app.checkpoints().read()).get().extracting(c -> c.watermark()).isEqualTo(first.checkpointAfter());

            clock.advance(Duration.ofHours(1));
            source.put("item-new", clock.instant().minus(Duration.ofMinutes(10)));
            faults.failNext("PutParameter", 3);
            assertThatThrownBy(() -> scheduled(app)).isInstanceOf(SyncFailedException.class)
                    .hasMessageContaining("injected server error");
            assertThat(faults.attempts("PutParameter")).isEqualTo(6);
            // The data committed, the checkpoint did not move: the next run re-reads the window, idempotently.
            assertThat(SourceItems.rows(stack.dataSource)).containsKey("item-new");
            assertThat(app.checkpoints().read()).get().extracting(c -> c.watermark()).isEqualTo(first.checkpointAfter());
            assertThat(Sql.rows(stack.dataSource, "SELECT status FROM sync_runs ORDER BY started_at, run_id"))
                    .extracting(r -> r.get("status")).containsExactly("succeeded", "failed");

            RunRecord retry = scheduled(app);
            assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(retry.counts().upserted()).isZero();
            assertThat(retry.counts().unchanged()).isEqualTo(retry.counts().fetched()).isGreaterThanOrEqualTo(1);
            source.assertEqualToSource(stack.dataSource);
        }
    }

    private TidemarkBuilder app(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT1H",
                TidemarkConfig.ENV_PAGE_SIZE, "4"));
        env.putAll(overrides);
        return stack.application(env).clock(clock);
    }

    private static RunRecord scheduled(Tidemark app) {
        return app.sync().run(new RunRequest.Scheduled("test", null, false), TimeBudget.UNLIMITED).getFirst();
    }

    /** Fails pages with the scripted SQLSTATEs, in order, then writes for real. */
    private record FlakySink(MappedSink delegate, List<String> script, List<String> thrown) implements MappedSink {
        @Override
        public PageResult write(String runId, List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
            if (!script.isEmpty()) {
                String state = script.removeFirst();
                thrown.add(state);
                throw new PageWriteException("page was rolled back: injected " + state,
                        new SQLException("injected failure", state));
            }
            return delegate.write(runId, rows, rejections);
        }

        @Override
        public PageResult preview(List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
            return delegate.preview(rows, rejections);
        }
    }
}
