package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.DynamoDbLocalServer;
import dev.tidemark.local.EmbeddedPostgresServer;
import dev.tidemark.local.LocalStack;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.TimeBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * The embedded default: DynamoDB Local and PostgreSQL in this process, a seeded source table, a first sync,
 * a few changes "an hour later", and a second sync that reads only those changes. Needs only a JDK.
 *
 * <p>There is no SSM here, so the checkpoint lives in PostgreSQL behind the same {@code CheckpointStore}
 * interface; deployed, it lives in SSM Parameter Store.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run two syncs against an in-process DynamoDB Local and embedded PostgreSQL.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final CliContext context;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--days", defaultValue = "3", description = "Days of history to seed (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--per-day", defaultValue = "200", description = "Items per day (default ${DEFAULT-VALUE}).")
    int perDay;

    @Option(names = "--updates", defaultValue = "10", description = "Items changed before the second run.")
    int updates;

    @Option(names = "--inserts", defaultValue = "5", description = "Items added before the second run.")
    int inserts;

    @Option(names = "--serve", description = "Instead of the two syncs: keep DynamoDB Local (the table and its GSI,"
            + " seeded), PostgreSQL and moto_server running on fixed ports for sam local invoke and bin/tidemark,"
            + " and print the environment. Ctrl-C stops them.")
    boolean serve;

    @Option(names = "--ports", split = ",", defaultValue = "8000,5432,5000",
            description = "With --serve: the DynamoDB Local, PostgreSQL and moto_server ports (default ${DEFAULT-VALUE},"
                    + " as events/local-env.json expects).")
    int[] ports;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (serve) {
            return serve(out);
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MutableClock clock = new MutableClock(java.time.Clock.systemUTC());
        out.println("Starting DynamoDB Local and embedded PostgreSQL in this process...");
        try (DynamoDbLocalServer dynamoServer = DynamoDbLocalServer.start();
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
             DynamoDbClient dynamo = dynamoServer.client()) {
            TidemarkConfig config = TidemarkConfig.fromEnvironment(Map.of(
                    TidemarkConfig.ENV_DB_URL, postgres.createDatabase("tidemark_demo"),
                    TidemarkConfig.ENV_DB_USER, "postgres",
                    TidemarkConfig.ENV_CHECKPOINT_STORE, "postgres",
                    TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, Duration.ofDays(days + 1L).toString()));
            SourceTables.create(dynamo, config.table());
            DemoDataset dataset = new DemoDataset(config.table(), 20261122L);
            List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> history =
                    dataset.history(start.minus(Duration.ofMinutes(10)), days, perDay);
            SourceTables.putAll(dynamo, config.table().tableName(), history);
            out.printf("Seeded %s over %s into table %s (index %s).%n", Plurals.count(history.size(), "item"),
                    Plurals.count(days, "day"), config.table().tableName(), config.table().indexName());

            try (Tidemark app = Tidemark.builder(config).dynamoDb(dynamo).clock(clock).build()) {
                out.printf("Checkpoint store: %s (no SSM in the embedded demo)%n", app.checkpoints().location());
                RunRecord first = app.sync().runScheduled("demo", null, TimeBudget.UNLIMITED);
                report(out, "First run (first-run lookback " + config.firstRunLookback() + ")", first);

                clock.advance(Duration.ofHours(1));
                Instant changedAt = clock.instant().minus(Duration.ofMinutes(30));
                List<String> ids = IntStream.rangeClosed(1, updates).mapToObj(i -> "post-" + (i * 37)).toList();
                SourceTables.putAll(dynamo, config.table().tableName(), dataset.updates(ids, changedAt));
                SourceTables.putAll(dynamo, config.table().tableName(), dataset.inserts(inserts, changedAt.plusSeconds(1)));
                out.printf("%nAn hour later: %s updated, %d inserted.%n", Plurals.count(updates, "item"), inserts);

                RunRecord second = app.sync().runScheduled("demo", null, TimeBudget.UNLIMITED);
                report(out, "Second run (incremental)", second);
                out.printf("%nThe second run read %d items for %d changes (the %s overlap re-reads what the first"
                                + " run saw in its last minutes; those count as unchanged), not the %d-item table.%n",
                        second.counts().fetched(), updates + inserts, config.overlapLag(),
                        history.size() + inserts);
                out.printf("%nThe operator's view of it (tidemark status):%n%n");
                StatusView.gather(app, clock.instant(), context.freshnessThreshold(), 10).print(out);
            }
        }
        out.printf("%nWhat to try next:%n"
                + "  bin/test                          run every test (real DynamoDB Local, PostgreSQL, moto_server)%n"
                + "  bin/tidemark demo --serve         keep a local stack up for bin/tidemark sync, status, reconcile"
                + " and sam local invoke%n"
                + "  sam build && sam deploy --guided  deploy it to AWS (docs/deploy.md)%n");
        return 0;
    }

    private int serve(PrintWriter out) throws InterruptedException {
        if (ports.length != 3) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ports takes three ports");
        }
        TidemarkConfig config = TidemarkConfig.fromEnvironment(Map.of(TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://x/y",
                TidemarkConfig.ENV_DB_USER, LocalStack.USER));
        out.println("Starting DynamoDB Local, PostgreSQL and moto_server...");
        out.flush();
        LocalStack stack = LocalStack.start(new LocalStack.Ports(ports[0], ports[1], ports[2]), config.table(), days,
                perDay);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }));
        LocalEnvironment.print(out, stack, config);
        stopped.await();
        return 0;
    }

    private static void report(PrintWriter out, String title, RunRecord run) {
        out.printf("%n%s: %s%n", title, run.status().dbValue());
        out.printf("  window      [%s, %s)  %s%n", run.windowFrom(), run.windowTo(),
                Plurals.count(run.partitions().size(), "day partition"));
        out.printf("  fetched     %d in %s%n", run.counts().fetched(), Plurals.count(run.counts().pages(), "page"));
        out.printf("  upserted    %d%n  unchanged   %d%n  quarantined %d%n", run.counts().upserted(),
                run.counts().unchanged(), run.counts().quarantined());
        if (!run.drift().isEmpty()) {
            out.printf("  drift       %s (kept in content.extra)%n", run.drift());
        }
        out.printf("  checkpoint  %s -> %s%n", run.checkpointBefore(), run.checkpointAfter());
    }
}
