package dev.tidemark.bench;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.core.DayShard;
import dev.tidemark.dynamodb.DynamoDbSourceReader;
import dev.tidemark.dynamodb.ReadCapacityLimiter;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.PrefetchingSourceReader;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.SourcePage;
import dev.tidemark.sync.SourceReader;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Sql;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tidemark.bench.Report.num;

/**
 * Issue 13's scenarios: one big day partition caught up by runs that each have a fifth of the time it needs,
 * the same day over 16 shards, and a backfill paced to a read-capacity limit. Options: {@code --day-items}
 * (1000000), {@code --shards} (16), {@code --paced-items} (200000), {@code --read-limit} (500 RCU/s),
 * {@code --paced-page} (250).
 */
final class DayScale {
    static final List<String> SCENARIOS = List.of("day", "shards", "paced");

    private DayScale() {
    }

    static void run(Report r, BenchStack stack, Map<String, String> o, List<String> only, int writers) throws Exception {
        int dayItems = Integer.parseInt(o.getOrDefault("day-items", "1000000"));
        int shards = Integer.parseInt(o.getOrDefault("shards", "16"));
        Instant midnight = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        double unsharded = 0;
        double unshardedSource = 0;
        if (only.contains("day")) {
            BenchData day = BenchData.of("day-" + dayItems, dayItems, 1, midnight);
            r.line("");
            r.line("## 6. One day partition of %,d items, each run with a budget of a fifth of it (issue 13)", dayItems);
            r.line("");
            double seeded = day.seed(stack.dynamoDb, writers);
            r.line("Seeded %,d items into the one day partition %s in %.1f s.", dayItems,
                    LocalDate.ofInstant(day.start(), ZoneOffset.UTC), seeded);
            unshardedSource = sourceOnly(stack, day);
            unsharded = budgetedCatchUp(r, stack, day);
            stack.dynamoDb.deleteTable(t -> t.tableName(day.table().tableName()));
        }
        if (only.contains("shards")) {
            BenchData sharded = BenchData.of("shards-" + dayItems, dayItems, 1, midnight).withShards(shards);
            r.line("");
            r.line("## 7. The same day over %d shards (`TIDEMARK_PARTITION_SHARDS=%d`)", shards, shards);
            r.line("");
            double seeded = sharded.seed(stack.dynamoDb, writers);
            r.line("Seeded %,d items over %d shard keys in %.1f s.", dayItems, shards, seeded);
            double source = sourceOnly(stack, sharded);
            DataSource db = stack.pool(stack.database("shards"));
            Tidemark app = app(stack, sharded, db, stack.dynamoDb, Map.of());
            app.checkpoints().write(new Checkpoint(sharded.start(), "bench", sharded.start()));
            long t0 = System.nanoTime();
            RunRecord run = app.sync().runScheduled("bench", null, TimeBudget.UNLIMITED);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rows = Sql.count(db, "SELECT count(*) FROM content");
            r.line("| Day | source only: read every key of the day (items/s) | end to end: one sync run (items/s) | items read | rows in PostgreSQL |");
            r.line("|---|---|---|---|---|");
            if (unsharded > 0) {
                r.line("| unsharded (section 6; end to end = all runs together) | %s | %s | %,d | %,d |",
                        num(unshardedSource), num(unsharded), dayItems, dayItems);
            }
            r.line("| %d shards, read concurrently (as wired) | %s | %s | %,d | %,d |", shards, num(source),
                    num(dayItems / seconds), run.counts().fetched(), rows);
            r.target("16 shards: items read = items written", run.counts().fetched() + " read, " + rows
                    + " rows, " + dayItems + " written", run.counts().fetched() == dayItems && rows == dayItems);
            app.close();
            stack.dynamoDb.deleteTable(t -> t.tableName(sharded.table().tableName()));
        }
        if (only.contains("paced")) {
            paced(r, stack, o, writers, midnight);
        }
    }

    /** Runs until caught up, each with a budget of a fifth of the day's pages; checks every checkpoint. */
    private static double budgetedCatchUp(Report r, BenchStack stack, BenchData day) {
        DataSource db = stack.pool(stack.database("day"));
        Tidemark app = app(stack, day, db, stack.dynamoDb, Map.of());
        app.checkpoints().write(new Checkpoint(day.start(), "bench", day.start()));
        int pages = (day.count() + 999) / 1000;
        int perRun = (pages + 4) / 5;
        r.line("Budget: each run may read %d pages of 1,000 after its first page past the checkpoint (a fifth of"
                + " the day's %d pages), simulated as a countdown of the time budget's checks; reserve 0.", perRun, pages);
        r.line("");
        r.line("| Run | status | items read | pages | seconds | checkpoint after | items below it missing from PostgreSQL | stopped |");
        r.line("|---|---|---|---|---|---|---|---|");
        Instant previous = day.start();
        long totalNanos = 0;
        boolean forward = true;
        long missingEver = 0;
        List<RunRecord> runs = new ArrayList<>();
        while (runs.isEmpty() || runs.getLast().status() != RunStatus.SUCCEEDED) {
            if (runs.size() == 20) {
                break;
            }
            int[] left = {perRun};
            long t0 = System.nanoTime();
            RunRecord run = app.sync().runScheduled("bench", null,
                    () -> left[0]-- > 0 ? Duration.ofHours(1) : Duration.ZERO);
            long nanos = System.nanoTime() - t0;
            totalNanos += nanos;
            runs.add(run);
            Instant now = app.checkpoints().read().orElseThrow().watermark();
            forward &= now.isAfter(previous);
            previous = now;
            long below = below(day, now);
            long stored = Sql.count(db, "SELECT count(*) FROM content WHERE source_updated_at < ?",
                    java.sql.Timestamp.from(now));
            missingEver += below - stored;
            r.line("| %d | %s | %,d | %d | %.1f | %s | %,d | %s |", runs.size(), run.status().dbValue(),
                    run.counts().fetched(), run.counts().pages(), nanos / 1e9, now, below - stored,
                    run.stoppedAt() == null ? "-" : run.stoppedAt());
        }
        long rows = Sql.count(db, "SELECT count(*) FROM content");
        double rate = day.count() / (totalNanos / 1e9);
        r.line("");
        r.line("Caught up in %d runs, %.1f s of runs in all (%s items/s end to end over all runs); rows in PostgreSQL"
                + " %,d of %,d (lost: %,d).", runs.size(), totalNanos / 1e9, num(rate), rows, day.count(), day.count() - rows);
        r.target("Day partition larger than one run: runs needed ≤ 6", runs.size() + " runs", runs.size() <= 6
                && runs.getLast().status() == RunStatus.SUCCEEDED);
        r.target("Every run moves the checkpoint forward; no checkpoint passes an uncommitted record",
                (forward ? "forward every run" : "NOT forward every run") + ", " + missingEver + " missing below checkpoints",
                forward && missingEver == 0);
        r.target("Items lost 0", (day.count() - rows) + " lost", rows == day.count());
        app.close();
        return rate;
    }

    private static void paced(Report r, BenchStack stack, Map<String, String> o, int writers, Instant midnight)
            throws Exception {
        int items = Integer.parseInt(o.getOrDefault("paced-items", "200000"));
        int limit = Integer.parseInt(o.getOrDefault("read-limit", "500"));
        int page = Integer.parseInt(o.getOrDefault("paced-page", "250"));
        BenchData data = BenchData.of("paced-" + items, items, 2, midnight);
        r.line("");
        r.line("## 8. A %,d-item backfill paced to `TIDEMARK_READ_CAPACITY_LIMIT=%d` (pages of %d)", items, limit, page);
        r.line("");
        double seeded = data.seed(stack.dynamoDb, writers);
        r.line("Seeded %,d items over 2 day partitions in %.1f s.", items, seeded);
        List<double[]> responses = new CopyOnWriteArrayList<>();
        ExecutionInterceptor observer = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof QueryResponse q && q.consumedCapacity() != null) {
                    responses.add(new double[] {System.nanoTime(), q.consumedCapacity().capacityUnits()});
                }
            }
        };
        try (DynamoDbClient observed = DynamoDbClient.builder().endpointOverride(stack.dynamo.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(observer)).build()) {
            DataSource db = stack.pool(stack.database("paced"));
            Tidemark app = app(stack, data, db, observed, Map.of(TidemarkConfig.ENV_READ_CAPACITY_LIMIT,
                    Integer.toString(limit), TidemarkConfig.ENV_PAGE_SIZE, Integer.toString(page)));
            app.checkpoints().write(new Checkpoint(data.start(), "bench", data.start()));
            long t0 = System.nanoTime();
            RunRecord run = app.sync().runScheduled("bench", null, TimeBudget.UNLIMITED);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double total = responses.stream().mapToDouble(x -> x[1]).sum();
            r.line("The run read %,d items in %.1f s consuming %s read units (%s per second on average; limit %d).",
                    run.counts().fetched(), seconds, num(total), num(total / seconds), limit);
            r.line("");
            int fullSeconds = (int) Math.floor((responses.getLast()[0] - t0) / 1e9);
            double[] perSecond = new double[fullSeconds + 1];
            for (double[] x : responses) {
                perSecond[(int) Math.floor((x[0] - t0) / 1e9)] += x[1];
            }
            StringBuilder row = new StringBuilder();
            double worst = 0;
            for (int s = 0; s < fullSeconds; s++) {
                row.append(s == 0 ? "" : ", ").append(num(perSecond[s]));
                if (s >= 1) {
                    worst = Math.max(worst, Math.abs(perSecond[s] - limit) / limit);
                }
            }
            r.line("Consumed read units, second by second (the last, partial second left out): %s.", row);
            r.target("Paced backfill: consumed units per second within 10 % of the limit, every second after the first",
                    "largest deviation " + num(100 * worst) + " % over " + (fullSeconds - 1) + " s", worst <= 0.10);
            app.close();
            stack.dynamoDb.deleteTable(t -> t.tableName(data.table().tableName()));
        }
    }

    /** Source only: every shard of the day read through the read-ahead reader, shards drained in turn. */
    private static double sourceOnly(BenchStack stack, BenchData data) {
        SourceReader plain = new DynamoDbSourceReader(stack.dynamoDb, data.table(), 1000, ReadCapacityLimiter.unlimited());
        LocalDate day = LocalDate.ofInstant(data.start(), ZoneOffset.UTC);
        long items = 0;
        long t0 = System.nanoTime();
        try (PrefetchingSourceReader reader = new PrefetchingSourceReader(plain, 2, 1)) {
            List<Iterator<SourcePage>> open = new ArrayList<>();
            for (DayShard cell : DayShard.of(day, plain.shards())) {
                open.add(reader.read(cell, data.start(), data.end()));
            }
            while (!open.isEmpty()) {
                for (Iterator<Iterator<SourcePage>> it = open.iterator(); it.hasNext(); ) {
                    Iterator<SourcePage> shard = it.next();
                    if (shard.hasNext()) {
                        items += shard.next().items().size();
                    } else {
                        it.remove();
                    }
                }
            }
        }
        Backfill.check(items, data.count(), "source-only day read");
        return items / ((System.nanoTime() - t0) / 1e9);
    }

    /** How many of the day's items are stamped below {@code watermark} (item i's time grows with i). */
    private static long below(BenchData day, Instant watermark) {
        int lo = 0;
        int hi = day.count();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (day.updatedAt(mid).isBefore(watermark)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Tidemark app(BenchStack stack, BenchData data, DataSource db, DynamoDbClient dynamo,
                                Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(stack.environment(data.table(), "jdbc:postgresql://unused/x", "PT48H"));
        env.put(TidemarkConfig.ENV_PARTITION_SHARDS, Integer.toString(data.table().partitionShards()));
        env.put(TidemarkConfig.ENV_TIME_RESERVE, "PT0S");
        env.putAll(overrides);
        return Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dataSource(db).dynamoDb(dynamo)
                .clock(new MutableClock(Clock.systemUTC())).build();
    }
}
