package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.sync.CoverageGap;
import dev.tidemark.sync.ReconcilePass;
import dev.tidemark.sync.ReconcilePiece;
import dev.tidemark.sync.RunCounts;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, point 8: two pipelines (two source tables, two checkpoints, two {@code TIDEMARK_PIPELINE_NAME}s) sync
 * into one database at the same time. Each one's status, runs and coverage gaps show only its own history, and the
 * reaper of one never marks the other's running row failed.
 */
class TwoPipelinesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static CliHarness a;
    private static CliHarness b;

    @BeforeAll
    static void twoPipelinesOneDatabase() {
        a = new CliHarness(TwoPipelinesTest.class, T0);
        b = new CliHarness(TwoPipelinesTest.class, T0);
        a.env.put(TidemarkConfig.ENV_PIPELINE_NAME, "orders");
        b.env.put(TidemarkConfig.ENV_PIPELINE_NAME, "profiles");
        // Pipeline b has its own table and checkpoint, and writes into a's database.
        b.env.put(TidemarkConfig.ENV_DB_URL, a.stack.jdbcUrl);
        a.seed("a", 5, T0);
        b.seed("b", 4, T0);
        // The same unreadable item (no usable key) at both sources: each pipeline quarantines it.
        Map<String, AttributeValue> keyless = new HashMap<>(a.dataset.post("keyless", T0.minusSeconds(900)));
        keyless.put("contentId", AttributeValue.fromS("  "));
        a.put(keyless);
        b.put(keyless);
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    @Test
    void eachPipelineSeesOnlyItsOwnRunsGapsAndKilledRuns() throws Exception {
        List<String> runsOfA = new ArrayList<>();
        List<String> runsOfB = new ArrayList<>();
        // Round 1, concurrently: both succeed (their locks are per checkpoint, so neither skips).
        both(runsOfA, runsOfB);

        // Pipeline a: a run killed an hour later, still "running"; an operator then moves a's checkpoint ahead, so a's
        // next window leaves a hole in a's timeline (b's runs cover that stretch of b's).
        a.clock.set(T0.plus(Duration.ofHours(1)));
        b.clock.set(T0.plus(Duration.ofHours(1)));
        String killed;
        try (Tidemark app = open(a)) {
            Instant started = a.clock.instant();
            killed = "killed-" + started.toEpochMilli();
            app.runLog().start(new RunRecord(killed, "scheduled", "test", null, started.minus(Duration.ofMinutes(5)),
                    started, List.of(), 0, RunCounts.ZERO, Map.of(), null, null, RunStatus.RUNNING, null, false,
                    started, null));
            app.checkpoints().write(new Checkpoint(T0.plus(Duration.ofHours(2)), null, started));
        }
        runsOfB.add(run(b).runId());

        // Round 2, concurrently, well past the function timeout of the killed run: b's reaper must leave it alone.
        a.clock.set(T0.plus(Duration.ofHours(3)));
        b.clock.set(T0.plus(Duration.ofHours(3)));
        CompletableFuture<RunRecord> bRun = CompletableFuture.supplyAsync(() -> run(b));
        RunRecord bDone = bRun.get(60, TimeUnit.SECONDS);
        runsOfB.add(bDone.runId());
        assertThat(status(killed)).as("b's reaper does not touch a's run").isEqualTo("running");
        runsOfA.add(run(a).runId());
        assertThat(status(killed)).as("a's own reaper marks it").isEqualTo("failed");

        try (Tidemark appA = open(a); Tidemark appB = open(b)) {
            assertThat(appA.runLog().recent(100)).extracting(RunRecord::runId)
                    .containsExactlyInAnyOrderElementsOf(concat(runsOfA, killed));
            assertThat(appB.runLog().recent(100)).extracting(RunRecord::runId)
                    .containsExactlyInAnyOrderElementsOf(runsOfB);
            List<CoverageGap> gapsOfA = appA.runLog().coverageGaps();
            assertThat(gapsOfA).singleElement().satisfies(g -> {
                assertThat(g.from()).isEqualTo(T0.minus(appA.config().settleDelay()));
                assertThat(g.to()).isEqualTo(T0.plus(Duration.ofHours(2)).minus(appA.config().overlapLag()));
            });
            assertThat(appB.runLog().coverageGaps()).as("b's timeline has no hole").isEmpty();
            assertThat(appA.runLog().find(runsOfB.getFirst())).as("a cannot read b's run by id").isEmpty();
        }
        assertThat(Sql.count(a.stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(9);
        assertThat(Sql.row(a.stack.dataSource, "SELECT count(*) AS entries, count(DISTINCT fingerprint) AS items,"
                + " count(DISTINCT pipeline) AS pipelines FROM quarantine"))
                .as("one bad item, an entry in each pipeline's quarantine")
                .containsEntry("entries", 2L).containsEntry("items", 1L).containsEntry("pipelines", 2L);

        CliHarness.Result statusA = a.run("status");
        CliHarness.Result statusB = b.run("status");
        assertThat(statusA.out()).contains("Pipeline:    orders").contains("1 gap").contains("Quarantine:  1 open")
                .contains(runsOfA.getLast()).doesNotContain(runsOfB.getLast());
        assertThat(statusB.out()).contains("Pipeline:    profiles").contains("Coverage:    no gaps")
                .contains("Quarantine:  1 open")
                .contains(runsOfB.getLast()).doesNotContain(runsOfA.getLast());
        assertThat(b.run("runs", "list").out()).contains("Pipeline profiles").doesNotContain(killed);
    }

    @Test
    void eachPipelineContinuesAndShowsOnlyItsOwnReconcilePass() {
        List<ReconcilePiece> onePiece = List.of(new ReconcilePiece(0, ReconcilePiece.Kind.SCAN, 0, 1, null, null,
                null, false));
        try (Tidemark appA = open(a); Tidemark appB = open(b)) {
            ReconcilePass passOfA = appA.reconcilePasses().openOrContinue("pass-of-a", false, T0, () -> onePiece);
            assertThat(appB.reconcilePasses().latest(false)).as("b does not see a's pass").isEmpty();
            ReconcilePass passOfB = appB.reconcilePasses().openOrContinue("pass-of-b", false, T0, () -> onePiece);
            assertThat(passOfB.passId()).as("b starts its own pass beside a's running one").isEqualTo("pass-of-b");
            assertThat(appA.reconcilePasses().openOrContinue("another", false, T0, () -> onePiece).passId())
                    .as("a continues its own pass").isEqualTo(passOfA.passId());
            assertThat(appB.reconcilePasses().abandon(false, T0)).map(ReconcilePass::passId).contains("pass-of-b");
            assertThat(appA.reconcilePasses().latest(false)).map(ReconcilePass::status).contains("running");
        }
    }

    private static void both(List<String> runsOfA, List<String> runsOfB) throws Exception {
        CompletableFuture<RunRecord> first = CompletableFuture.supplyAsync(() -> run(a));
        CompletableFuture<RunRecord> second = CompletableFuture.supplyAsync(() -> run(b));
        RunRecord ra = first.get(60, TimeUnit.SECONDS);
        RunRecord rb = second.get(60, TimeUnit.SECONDS);
        assertThat(ra.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rb.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ra.counts().upserted()).isEqualTo(5);
        assertThat(rb.counts().upserted()).isEqualTo(4);
        runsOfA.add(ra.runId());
        runsOfB.add(rb.runId());
    }

    private static RunRecord run(CliHarness pipeline) {
        try (Tidemark app = open(pipeline)) {
            return app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
        }
    }

    /** The pipeline's application on a's database, as its function would build it. */
    private static Tidemark open(CliHarness pipeline) {
        return Tidemark.builder(TidemarkConfig.fromEnvironment(pipeline.env)).dataSource(a.stack.dataSource)
                .dynamoDb(pipeline.stack.dynamoDb).ssm(pipeline.stack.ssm).clock(pipeline.clock).build();
    }

    private static String status(String runId) {
        return (String) Sql.row(a.stack.dataSource, "SELECT status FROM sync_runs WHERE run_id = ?", runId).get("status");
    }

    private static List<String> concat(List<String> runs, String more) {
        List<String> all = new ArrayList<>(runs);
        all.add(more);
        return all;
    }
}
