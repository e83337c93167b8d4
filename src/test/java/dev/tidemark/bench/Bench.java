package dev.tidemark.bench;

import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.SourceSchema;
import dev.tidemark.testing.LatencyProxy;
import dev.tidemark.testing.ParsedPages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark behind {@code bin/bench}: every scenario of issue 6 on the local stack, side by side in one
 * run, printed line by line and written to bench/RESULTS.md (the same lines) and bench/results.png.
 *
 * <p>Options: {@code --items N} (default 200000), {@code --small N} (50000), {@code --days N} (30),
 * {@code --writers N} (8), {@code --out DIR} (bench), {@code --scenarios memory,backfill,naive,fanout,coldstart} (issue 13: {@code day,shards,paced}, see {@link DayScale}; issue 18: {@code reconcile}, see {@link ReconcileScale}; {@code fail} throws once the stack is up, to check that a failing scenario ends the benchmark with a non-zero exit), {@code --lambda-jar PATH} (the shaded target/*-lambda.jar).
 */
public final class Bench {
    private Bench() {
    }

    /**
     * Ends the JVM with the benchmark's outcome. DynamoDB Local and embedded PostgreSQL leave non-daemon threads
     * behind, so a scenario that throws would otherwise keep the JVM (and CI) waiting for ever.
     */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable failed) {
            System.err.println("bench: FAILED: " + failed);
            failed.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int items = Integer.parseInt(o.getOrDefault("items", "200000"));
        int small = Integer.parseInt(o.getOrDefault("small", "50000"));
        int days = Integer.parseInt(o.getOrDefault("days", "30"));
        int writers = Integer.parseInt(o.getOrDefault("writers", "8"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "5"));
        Path out = Path.of(o.getOrDefault("out", "bench"));
        List<String> only = List.of(o.getOrDefault("scenarios", "memory,backfill,naive,fanout,coldstart").split(","));
        Path lambdaJar = o.containsKey("lambda-jar") ? Path.of(o.get("lambda-jar")) : lambdaJar();
        Report r = new Report();
        Chart chart = new Chart();
        Machine.describe(r, items, small, days);
        try (BenchStack stack = new BenchStack()) {
            if (only.contains("fail")) {
                // Checks the benchmark itself: a scenario that throws once the stack's threads are running.
                throw new IllegalStateException("the scenario 'fail' failed, as asked");
            }
            // Issue 18's reconcile scale is a run of its own (bin/bench --scenarios reconcile): it writes
            // RESULTS-reconcile.md, whose figures bench/RESULTS.md quotes.
            if (only.stream().allMatch(ReconcileScale.SCENARIOS::contains)) {
                ReconcileScale.run(r, stack, o, writers);
                Machine.load(r, "at the end");
                r.printTargets();
                r.write(out.resolve("RESULTS-reconcile.md"));
                return;
            }
            // Issue 13's scenarios seed their own tables, one at a time (DynamoDB Local holds them in memory).
            DayScale.run(r, stack, o, only, writers);
            if (only.stream().allMatch(DayScale.SCENARIOS::contains)) {
                Machine.load(r, "at the end");
                r.printTargets();
                r.write(out.resolve("RESULTS.md"));
                return;
            }
            Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
            BenchData big = BenchData.of("bench-" + items, items, days, end);
            BenchData little = BenchData.of("bench-" + small, small, days, end);
            double s1 = big.seed(stack.dynamoDb, writers);
            double s2 = little.seed(stack.dynamoDb, writers);
            r.line("Seeded DynamoDB Local with %d writers: %,d items in %.1f s (%,.0f items/s), %,d items in %.1f s.",
                    writers, items, s1, items / s1, small, s2);
            // The environment names no source attributes: the default mapping's, which are the parser's defaults.
            ItemParser parser = new ItemParser(SourceSchema.defaults());

            // Memory first: the incremental scenario moves 100 items of the big table past its window.
            if (only.contains("memory")) {
                Scenarios.memory(r, chart, stack, big, little);
            }
            if (only.contains("backfill")) {
                Scenarios.backfill(r, chart, stack, big, parser, rounds);
            }
            if (only.contains("naive")) {
                Scenarios.naive(r, chart, stack, big, parser);
            }
            if (only.contains("fanout")) {
                FanOut.run(r, chart, stack, big, parser);
            }
            if (only.contains("coldstart")) {
                Scenarios.coldStart(r, chart, stack, lambdaJar, Path.of("target", "bench-work"));
            }
        }
        Machine.load(r, "at the end");
        r.printTargets();
        Files.createDirectories(out);
        chart.write(out.resolve("results.png"));
        r.line("");
        r.line("Chart: [results.png](results.png)");
        r.write(out.resolve("RESULTS.md"));
    }

    /** The shaded Lambda artifact the package phase builds (its name carries the version). */
    private static Path lambdaJar() throws java.io.IOException {
        try (var jars = Files.newDirectoryStream(Path.of("target"), "*-lambda.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        return Path.of("target", "tidemark-lambda.jar");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    static List<Double> list(double... values) {
        List<Double> l = new ArrayList<>();
        for (double v : values) {
            l.add(v);
        }
        return l;
    }

    static ParsedPages onePage(BenchData data, ItemParser parser, int offset, int size) {
        return ParsedPages.parse(parser, data.items(offset, offset + size));
    }

    static LatencyProxy proxy(BenchStack stack, java.time.Duration delay) {
        return LatencyProxy.start(stack.postgresPort(), delay);
    }
}
