package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real command line ({@link TidemarkCli#execute(CliContext, PrintWriter, PrintWriter, String...)}) against
 * a test stack: the CLI reads its configuration from an environment map and builds the application through the
 * composition root; only the SDK clients are injected, pointing at DynamoDB Local and moto's SSM.
 */
final class CliHarness implements AutoCloseable {
    final TestStack stack;
    final MutableClock clock;
    final Map<String, String> env;
    final DemoDataset dataset;

    CliHarness(Class<?> testClass, Instant now) {
        this.stack = TestStack.forClass(testClass);
        this.clock = new MutableClock(now);
        this.env = new HashMap<>(stack.environment());
        env.put("TIDEMARK_FIRST_RUN_LOOKBACK", "PT48H");
        this.dataset = new DemoDataset(stack.table, 42);
    }

    record Result(int exitCode, String out, String err) {
    }

    Result run(String... args) {
        return run(false, args);
    }

    Result run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(env, clock, terminal,
                config -> Tidemark.builder(config).dynamoDb(stack.dynamoDb).ssm(stack.ssm));
        int code = TidemarkCli.execute(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code count} posts spread over the hour before {@code end}. */
    List<Map<String, AttributeValue>> seed(String prefix, int count, Instant end) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(dataset.post(prefix + "-" + i, end.minus(Duration.ofMinutes(50)).plusSeconds(40L * i)));
        }
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), items);
        return items;
    }

    void put(Map<String, AttributeValue> item) {
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), List.of(item));
    }

    /** One scheduled run at the harness clock, as the function would do it. */
    RunRecord scheduledRun() {
        try (Tidemark app = stack.application(env).clock(clock).build()) {
            return app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
        }
    }

    /** A scheduled run whose PostgreSQL writes fail: recorded as failed, checkpoint left alone. */
    String failedRun(String why) {
        MappedSink broken = MappedSinks.writing(MappedSinks.postgres(stack.dataSource), (runId, rows, rejections) -> {
            throw new IllegalStateException(why);
        });
        try (Tidemark app = stack.application(env).clock(clock).mappedSink(broken).build()) {
            app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
            throw new AssertionError("the run should have failed");
        } catch (SyncFailedException expected) {
            return expected.runId();
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
