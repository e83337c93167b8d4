package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.cli.CliContext;
import dev.tidemark.cli.TidemarkCli;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.testing.AwsTestClients;
import dev.tidemark.testing.BackfillStateMachine;
import dev.tidemark.testing.FunctionContainers;
import dev.tidemark.testing.LambdaInvokeStandIn;
import dev.tidemark.local.MotoServer;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 on a real Step Functions interpreter: moto (execute_state_machine) runs the template's definition,
 * Distributed Map included, and its Lambda invocations reach the real handler through {@link LambdaInvokeStandIn}
 * (moto would run functions in Docker, which this machine lacks). {@code tidemark backfill --fan-out} starts the
 * execution with the SDK v2 client, follows the map run's counts, and prints the summary.
 */
class FanOutOnStepFunctionsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String ALIAS = "arn:aws:lambda:us-east-1:123456789012:function:tidemark-sync:live";

    @Test
    void theCliFansOutOnTheTemplatesStateMachineAndEndsWithItsSummary() throws Exception {
        try (TestStack stack = TestStack.forClass(FanOutOnStepFunctionsTest.class);
             FunctionContainers containers = new FunctionContainers(stack, new MutableClock(NOW));
             LambdaInvokeStandIn lambda = new LambdaInvokeStandIn(containers::handler);
             MotoServer moto = MotoServer.start(Map.of("MOTO_PORT", Integer.toString(lambda.port())));
             SfnClient sfn = AwsTestClients.stepFunctions(moto.endpoint())) {
            stack.reset();
            int items = new DemoDataset(stack.table, 7).history(NOW.minusSeconds(86_400), 6, 30).size();
            new SourceItems(stack, 7).putAll(new DemoDataset(stack.table, 7).history(NOW.minusSeconds(86_400), 6, 30));
            containers.handler().apply(Map.of("mode", "scheduled"));
            String checkpoint = containers.checkpoint();
            executeStateMachines(moto.endpoint());
            BackfillStateMachine machine = BackfillStateMachine.fromTemplate(Path.of("template.yaml"), ALIAS);
            String arn = sfn.createStateMachine(r -> r.name("tidemark-backfill").definition(machine.definitionJson())
                    .roleArn("arn:aws:iam::123456789012:role/tidemark-backfill")).stateMachineArn();

            Map<String, String> env = new HashMap<>(stack.environment());
            env.put(CliContext.ENV_BACKFILL_STATE_MACHINE, arn);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = TidemarkCli.execute(new CliContext(env, new MutableClock(NOW), false,
                            config -> Tidemark.builder(config).stepFunctions(sfn)), new PrintWriter(out, true),
                    new PrintWriter(err, true), "backfill", "--from", "2026-11-22", "--to", "2026-11-30", "--fan-out",
                    "--poll", "PT0.5S");

            String backfillId = "backfill-2026-11-22-2026-11-30-20261130T120000Z";
            assertThat(err.toString()).isEmpty();
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString())
                    .contains("backfill " + backfillId + " started: arn:aws:states:us-east-1:123456789012:execution:")
                    .contains("slices 9/9: 9 succeeded, 0 failed, 0 running")
                    .contains("backfill " + backfillId + " 2026-11-22..2026-11-30: succeeded, 9 slices: 9 succeeded,"
                            + " 0 failed, in 9 runs; " + items + " fetched");
            String execution = sfn.listExecutions(r -> r.stateMachineArn(arn)).executions().getFirst().executionArn();
            DescribeMapRunResponse mapRun = sfn.describeMapRun(r -> r.mapRunArn(
                    sfn.listMapRuns(m -> m.executionArn(execution)).mapRuns().getFirst().mapRunArn()));
            assertThat(mapRun.maxConcurrency()).as("the template's BackfillMaxConcurrency default, via the plan")
                    .isEqualTo(machine.parameterDefault("BackfillMaxConcurrency"));
            assertThat(mapRun.itemCounts().succeeded()).isEqualTo(9);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs WHERE mode = 'backfill'"
                    + " AND status = 'succeeded' AND trigger LIKE ?", "backfill:" + backfillId + "/%")).isEqualTo(9);
            assertThat(Sql.row(stack.dataSource, "SELECT status, slices, fetched FROM backfills WHERE backfill_id = ?",
                    backfillId)).containsEntry("status", "succeeded").containsEntry("slices", 9)
                    .containsEntry("fetched", (long) items);
            assertThat(containers.checkpoint()).as("the live checkpoint").isEqualTo(checkpoint);
        }
    }

    /**
     * Issue 18: {@code tidemark reconcile --fan-out} on moto's Step Functions, the same definition: the pass's
     * pieces run as map items and the end state is the sequential pass's (the counts {@link FanOutReconcileTest}
     * shows a sequential pass finds on the same divergence, and PostgreSQL equal to the source).
     */
    @Test
    void reconcileFansOutOnTheSameStateMachineAndEndsEqualToTheSource() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        onDivergedStackAndMoto(now, (stack, sfn, arn) -> {

            Map<String, String> env = new HashMap<>(stack.environment());
            env.put(CliContext.ENV_BACKFILL_STATE_MACHINE, arn);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = TidemarkCli.execute(new CliContext(env, new MutableClock(now), false,
                            config -> Tidemark.builder(config).stepFunctions(sfn)), new PrintWriter(out, true),
                    new PrintWriter(err, true), "reconcile", "--fan-out", "--poll", "PT0.5S");

            assertThat(err.toString()).isEmpty();
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains("slices 8/8: 8 succeeded, 0 failed, 0 running")
                    .containsPattern("pass pass-reconcile-\\S+ completed, 8/8 pieces: 195 source keys compared,"
                            + " 5 missing, 5 stale, 5 deleted, 10 repaired");
            assertThat(FanOutReconcileTest.passTotals(stack)).containsEntry("missing", 5L).containsEntry("stale", 5L)
                    .containsEntry("deleted", 5L).containsEntry("repaired", 10L).containsEntry("done", true);
            new SourceItems(stack, 3).assertEqualToSource(stack.dataSource);
        });
    }

    /**
     * Issue 18: the scheduled reconcile decides by trying. An invocation that does not complete its pass (here a
     * budget spent from the start: one page) starts the state machine for the rest, named after the pass (so Step
     * Functions refuses a second start for the same pass); the execution completes the pass.
     */
    @Test
    void aPassOneInvocationCannotCompleteIsFannedOutOncePerPass() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        onDivergedStackAndMoto(now, (stack, sfn, arn) -> {
            Map<String, String> env = new HashMap<>(stack.environment());
            env.put(dev.tidemark.app.TidemarkConfig.ENV_RECONCILE_STATE_MACHINE, arn);
            env.put(dev.tidemark.app.TidemarkConfig.ENV_PAGE_SIZE, "25");
            try (Tidemark scheduled = Tidemark.builder(dev.tidemark.app.TidemarkConfig.fromEnvironment(env))
                    .dynamoDb(stack.dynamoDb).ssm(stack.ssm).stepFunctions(sfn).clock(new MutableClock(now)).build()) {
                var first = scheduled.sync().run(new dev.tidemark.sync.RunRequest.Reconcile(false),
                        () -> java.time.Duration.ZERO).getFirst();
                String passId = first.reconcile().passId();
                assertThat(first.error()).contains("fanned out as reconcile-" + passId);
                var executions = sfn.listExecutions(r -> r.stateMachineArn(arn)).executions();
                assertThat(executions).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("reconcile-" + passId));
                for (int i = 0; i < 240 && sfn.describeExecution(r -> r.executionArn(executions.getFirst().executionArn()))
                        .statusAsString().equals("RUNNING"); i++) {
                    Thread.sleep(250);
                }
                assertThat(sfn.describeExecution(r -> r.executionArn(executions.getFirst().executionArn()))
                        .statusAsString()).isEqualTo("SUCCEEDED");
                assertThat(scheduled.reconcilePasses().latest(false).orElseThrow()).satisfies(p -> {
                    assertThat(p.passId()).isEqualTo(passId);
                    assertThat(p.completed()).isTrue();
                });
            }
            assertThat(FanOutReconcileTest.passTotals(stack)).containsEntry("deleted", 5L)
                    .containsEntry("repaired", 10L);
            new SourceItems(stack, 3).assertEqualToSource(stack.dataSource);
        });
    }

    @FunctionalInterface
    private interface OnMoto {
        void run(TestStack stack, SfnClient sfn, String stateMachineArn) throws Exception;
    }

    /** A diverged store ({@link FanOutReconcileTest#diverged}) and the template's state machine on moto. */
    private static void onDivergedStackAndMoto(Instant now, OnMoto body) throws Exception {
        try (TestStack stack = TestStack.forClass(FanOutOnStepFunctionsTest.class);
             FunctionContainers containers = new FunctionContainers(stack, new MutableClock(now));
             LambdaInvokeStandIn lambda = new LambdaInvokeStandIn(containers::handler);
             MotoServer moto = MotoServer.start(Map.of("MOTO_PORT", Integer.toString(lambda.port())));
             SfnClient sfn = AwsTestClients.stepFunctions(moto.endpoint())) {
            FanOutReconcileTest.diverged(stack);
            executeStateMachines(moto.endpoint());
            BackfillStateMachine machine = BackfillStateMachine.fromTemplate(Path.of("template.yaml"), ALIAS);
            String arn = sfn.createStateMachine(r -> r.name("tidemark-backfill").definition(machine.definitionJson())
                    .roleArn("arn:aws:iam::123456789012:role/tidemark-backfill")).stateMachineArn();
            body.run(stack, sfn, arn);
        }
    }

    /** moto's Step Functions only records executions unless told to run them. */
    private static void executeStateMachines(URI moto) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        moto.resolve("/moto-api/config"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"stepfunctions\":{\"execute_state_machine\":true}}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
    }
}
