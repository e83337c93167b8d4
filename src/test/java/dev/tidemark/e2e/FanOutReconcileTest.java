package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.BackfillStateMachine;
import dev.tidemark.testing.FunctionContainers;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: a reconcile pass fanned out on the template's backfill state machine (its own definition, run by
 * {@link BackfillStateMachine}: the plan, one map item per piece on as many threads as the map's concurrency, each
 * with its own function container, then the summary) ends where the sequential pass ends, on two identical stores
 * diverged identically: the same rows, versions and deletions, and the same counts.
 */
class FanOutReconcileTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aFannedOutPassEndsWhereTheSequentialPassEnds() throws Exception {
        try (TestStack sequential = TestStack.forClass(FanOutReconcileTest.class);
             TestStack fanned = TestStack.forClass(FanOutReconcileTest.class)) {
            diverged(sequential);
            diverged(fanned);

            try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(containerEnvironment(sequential)))
                    .dynamoDb(sequential.dynamoDb).ssm(sequential.ssm).clock(new MutableClock(NOW)).build()) {
                assertThat(app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED).getFirst().status())
                        .isEqualTo(RunStatus.SUCCEEDED);
            }

            BackfillStateMachine machine = BackfillStateMachine.fromTemplate(Path.of("template.yaml"),
                    "arn:aws:lambda:us-east-1:123456789012:function:tidemark-sync:live");
            BackfillStateMachine.Execution execution;
            try (FunctionContainers containers = new FunctionContainers(fanned, new MutableClock(NOW))) {
                execution = machine.run(Map.of("reconcile", true), "reconcile-test-1", containers::handler);
                assertThat(containers.started()).as("one container per map thread").isGreaterThan(2);
            }
            List<?> pieces = (List<?>) execution.plan().get("slices");
            assertThat(pieces).hasSize(8);
            assertThat(execution.slices()).hasSize(8).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("succeeded"));
            assertThat(execution.summary()).containsEntry("status", "succeeded").containsEntry("passId",
                    Sql.row(fanned.dataSource, "SELECT pass_id FROM reconcile_passes WHERE status = 'completed'")
                            .get("pass_id"));

            assertThat(passTotals(fanned)).isEqualTo(passTotals(sequential))
                    .containsEntry("missing", 5L).containsEntry("stale", 5L).containsEntry("deleted", 5L)
                    .containsEntry("repaired", 10L);
            assertThat(rows(fanned)).isEqualTo(rows(sequential));
            new SourceItems(fanned, 3).assertEqualToSource(fanned.dataSource);
            assertThat(Sql.count(fanned.dataSource, "SELECT count(*) FROM sync_runs WHERE mode = 'reconcile'"
                    + " AND trigger LIKE 'piece:%' AND status = 'succeeded'")).isEqualTo(8);
        }
    }

    /** 200 synced items, then 5 missing rows, 5 newer versions beyond the overlap and 5 hard deletes. */
    static void diverged(TestStack stack) {
        stack.reset();
        SourceItems source = new SourceItems(stack, 3);
        for (int i = 0; i < 200; i++) {
            source.put(id(i), NOW.minus(Duration.ofHours(2)).plusSeconds(i));
        }
        try (FunctionContainers containers = new FunctionContainers(stack, new MutableClock(NOW))) {
            containers.handler().apply(Map.of("mode", "scheduled"));
        }
        for (int i = 0; i < 5; i++) {
            Sql.execute(stack.dataSource, "DELETE FROM content WHERE content_id = '" + id(7 + 31 * i) + "'");
            source.put(id(11 + 31 * i), NOW.minus(Duration.ofMinutes(40)));
            source.hardDelete(id(13 + 31 * i));
        }
    }

    private static Map<String, String> containerEnvironment(TestStack stack) {
        Map<String, String> env = new java.util.HashMap<>(stack.environment());
        env.put(TidemarkConfig.ENV_PAGE_SIZE, "25");
        return env;
    }

    static Map<String, Object> passTotals(TestStack stack) {
        return Sql.row(stack.dataSource, "SELECT sum(missing)::bigint AS missing, sum(stale)::bigint AS stale, sum(deleted)::bigint AS deleted,"
                + " sum(repaired)::bigint AS repaired, bool_and(done) AS done FROM reconcile_pieces");
    }

    private static String rows(TestStack stack) {
        return Sql.rows(stack.dataSource, "SELECT content_id, source_updated_at, caption, deleted_at IS NOT NULL AS d"
                + " FROM content ORDER BY content_id").toString();
    }

    private static String id(int i) {
        return String.format("f-%03d", i);
    }
}
