package dev.tidemark.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.postgres.PostgresDatabase;
import dev.tidemark.postgres.PostgresPageSink;
import dev.tidemark.postgres.PostgresPageSink.ContentSource;
import dev.tidemark.testing.BackfillStateMachine;
import dev.tidemark.testing.CanonicalState;
import dev.tidemark.testing.ParsedPages;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static dev.tidemark.bench.Bench.list;
import static dev.tidemark.bench.Report.num;

/**
 * Scenario 6 (issue 14): how far PostgreSQL takes concurrent page writers, and a backfill fanned out on the
 * template's MaxConcurrency through the handler against the same backfill one slice after another.
 */
final class FanOut {
    private static final int[] WRITERS = {1, 2, 4};
    /** Each figure is the best of this many rounds, the variants alternating: the machine is shared. */
    private static final int ROUNDS = 3;

    private FanOut() {
    }

    static void run(Report r, Chart chart, BenchStack stack, BenchData data, ItemParser parser) throws Exception {
        r.line("");
        r.line("## 6. Fan-out (issue 14): concurrent page sinks and a fanned-out backfill (%,d items, %d days)",
                data.count(), data.days());
        r.line("");
        List<ParsedPages> pages = new ArrayList<>();
        for (int from = 0; from < data.count(); from += Backfill.PAGE) {
            pages.add(ParsedPages.parse(parser, data.items(from, Math.min(data.count(), from + Backfill.PAGE))));
        }
        double copy = 0;
        double[] sinks = new double[WRITERS.length];
        double[] copySinks = new double[WRITERS.length];
        for (int round = 0; round < ROUNDS; round++) {
            copy = Math.max(copy, Backfill.copy(stack, data, parser));
            for (int k = 0; k < WRITERS.length; k++) {
                sinks[k] = Math.max(sinks[k], concurrentSinks(stack, pages, data.count(), WRITERS[k],
                        ContentSource.UNNEST));
                copySinks[k] = Math.max(copySinks[k], concurrentSinks(stack, pages, data.count(), WRITERS[k],
                        ContentSource.COPY));
            }
        }
        r.line("PostgreSQL's ceiling here: pages of %,d parsed items (parsed outside the clock), written by N"
                + " PostgresPageSinks at once, each on its own connection, pages dealt round-robin; a fresh database"
                + " each time. Raw COPY: the same content rows and tag edges, one writer, one transaction per page."
                + " Every figure is the best of %d rounds, the variants alternating.", Backfill.PAGE, ROUNDS);
        r.line("");
        r.line("The page sink twice: content rows bound as column arrays of the upsert (`unnest`, as shipped), and"
                + " streamed with COPY into a temporary table that the same upsert reads (creators, communities, tags,"
                + " edges and quarantine as before in both).");
        r.line("");
        r.line("| Writers | page sinks, unnest (items/s) | ÷ raw COPY | page sinks, COPY + merge (items/s) | ÷ raw COPY |");
        r.line("|---|---|---|---|---|");
        r.line("| raw COPY, 1 writer | %s | 1.00 | | |", num(copy));
        for (int k = 0; k < WRITERS.length; k++) {
            r.line("| %d | %s | %s | %s | %s |", WRITERS[k], num(sinks[k]), num(sinks[k] / copy), num(copySinks[k]),
                    num(copySinks[k] / copy));
        }
        r.target("One page sink ≥ 0.8 × raw COPY (else try COPY into a temporary table + one merge per table)",
                num(sinks[0]) + " vs " + num(copy) + " (ratio " + num(sinks[0] / copy) + "); with COPY + merge "
                        + num(copySinks[0]) + " (ratio " + num(copySinks[0] / copy) + ")",
                Math.max(sinks[0], copySinks[0]) >= 0.8 * copy);
        chart.grouped("6. Concurrent page sinks vs COPY", "items/s", List.of("1 writer", "2 writers", "4 writers"),
                List.of("raw COPY (1 writer)", "sink, unnest", "sink, COPY + merge"),
                List.of(list(copy, copy, copy), list(sinks[0], sinks[1], sinks[2]),
                        list(copySinks[0], copySinks[1], copySinks[2])), false);

        BackfillStateMachine machine = BackfillStateMachine.fromTemplate(Path.of("template.yaml"),
                "arn:aws:lambda:us-east-1:123456789012:function:bench:live");
        LocalDate from = LocalDate.ofInstant(data.start(), ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(data.end(), ZoneOffset.UTC);
        Map<String, Object> input = Map.of("from", from.toString(), "to", to.toString());

        String fannedDb = stack.database("fanned");
        long t0 = System.nanoTime();
        BackfillStateMachine.Execution fanned;
        try (Containers containers = new Containers(stack, data, fannedDb)) {
            fanned = machine.run(input, "bench-fanned", containers::handler);
        }
        double fannedSeconds = (System.nanoTime() - t0) / 1e9;
        Backfill.check(((Number) fanned.summary().get("fetched")).longValue(), data.count(), "fanned-out backfill");

        String sequentialDb = stack.database("sequential");
        t0 = System.nanoTime();
        Map<String, Object> sequential;
        try (Containers containers = new Containers(stack, data, sequentialDb)) {
            sequential = containers.handler().apply(Map.of("mode", "backfill", "from", from.toString(),
                    "to", to.toString()));
        }
        double sequentialSeconds = (System.nanoTime() - t0) / 1e9;
        List<?> runs = (List<?>) sequential.get("runs");
        boolean same;
        try (HikariDataSource a = PostgresDatabase.pool(fannedDb, "postgres", null, 2);
             HikariDataSource b = PostgresDatabase.pool(sequentialDb, "postgres", null, 2)) {
            same = CanonicalState.snapshot(a).equals(CanonicalState.snapshot(b));
        }
        r.line("");
        r.line("The backfill of %s..%s through the handler: the template's state machine (plan, %d slices, summary)"
                        + " with the slices on %d threads (its BackfillMaxConcurrency default), each thread its own"
                        + " application and pool as a Lambda container has; against the handler's `backfill` mode, one"
                        + " slice after another under the lock. Each into a fresh database.", from, to,
                fanned.slices().size(), fanned.maxConcurrency());
        r.line("");
        r.line("| Backfill | slices | wall time (s) | items/s | final state |");
        r.line("|---|---|---|---|---|");
        r.line("| fanned out, %d at a time | %d | %.1f | %s | %s |", fanned.maxConcurrency(), fanned.slices().size(),
                fannedSeconds, num(data.count() / fannedSeconds), same ? "equal" : "DIFFERENT");
        r.line("| sequential | %d | %.1f | %s | reference |", runs.size(), sequentialSeconds,
                num(data.count() / sequentialSeconds));
        r.target("Fanned-out backfill ends in the same state as the sequential one", same ? "equal" : "different", same);
        chart.bars("6. Backfill through the handler", "items/s",
                List.of("sequential", fanned.maxConcurrency() + " at a time"),
                list(data.count() / sequentialSeconds, data.count() / fannedSeconds), false);
    }

    /** N writers at once, pages dealt round-robin; total items over wall time. */
    private static double concurrentSinks(BenchStack stack, List<ParsedPages> pages, int count, int writers,
                                          ContentSource source) throws Exception {
        String url = stack.database("sinks" + writers);
        List<HikariDataSource> pools = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
            List<Future<Long>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                pools.add(PostgresDatabase.pool(url, "postgres", null, 2));
            }
            long t0 = System.nanoTime();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                PostgresPageSink sink = new PostgresPageSink(pools.get(w), source);
                done.add(threads.submit(() -> {
                    long rows = 0;
                    for (int p = writer; p < pages.size(); p += writers) {
                        rows += sink.write("bench-sinks", pages.get(p).records(), pages.get(p).rejections()).upserted();
                    }
                    return rows;
                }));
            }
            long rows = 0;
            for (Future<Long> f : done) {
                rows += f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Backfill.check(rows, count, writers + " concurrent sinks");
            return rows / seconds;
        } finally {
            pools.forEach(HikariDataSource::close);
        }
    }

    /** Warm function containers on one database: an application and a pool of 2 each. */
    private record Containers(BenchStack stack, BenchData data, String url, ConcurrentLinkedQueue<Tidemark> apps)
            implements AutoCloseable {
        Containers(BenchStack stack, BenchData data, String url) {
            this(stack, data, url, new ConcurrentLinkedQueue<>());
        }

        Function<Map<String, Object>, Map<String, Object>> handler() {
            Map<String, String> env = new java.util.HashMap<>(stack.environment(data.table(), url, "PT1H"));
            env.put(TidemarkConfig.ENV_DB_POOL_SIZE, "2");
            Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dynamoDb(stack.dynamoDb).build();
            apps.add(app);
            SyncHandler handler = new SyncHandler(() -> app);
            return event -> handler.handleRequest(event, null);
        }

        @Override
        public void close() {
            apps.forEach(Tidemark::close);
        }
    }
}
