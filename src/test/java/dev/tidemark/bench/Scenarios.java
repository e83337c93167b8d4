package dev.tidemark.bench;

import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.testing.LatencyProxy;
import dev.tidemark.testing.ParsedPages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tidemark.bench.Bench.list;
import static dev.tidemark.bench.Report.num;

/** Runs each scenario, prints its figures as Markdown, records the targets and draws its chart panel. */
final class Scenarios {
    private Scenarios() {
    }

    static void backfill(Report r, Chart chart, BenchStack stack, BenchData data, ItemParser parser, int roundCount)
            throws Exception {
        r.line("");
        r.line("## 1. Backfill throughput (%,d items, %d day partitions)", data.count(), data.days());
        r.line("");
        double[] source = Backfill.sources(stack, data);
        double parse = Backfill.parseOnly(data);
        double copy = Backfill.copy(stack, data, parser);
        Backfill.Rounds rounds = Backfill.sinkAndEndToEnd(stack, data, parser, roundCount);
        double sink = rounds.handWrittenMedian();
        double mappedSink = rounds.sinkMedian();
        double e2e = rounds.endToEndMedian();
        Backfill.Synced synced = rounds.last();
        r.line("| Path | items/s |");
        r.line("|---|---|");
        r.line("| Source only: DynamoDbSourceReader, partitions one after another | %s |", num(source[0]));
        r.line("| Source only: with read-ahead (as wired: 2 partitions ahead, 1 page ahead) | %s |", num(source[1]));
        r.line("| Sink only: PostgresMappedSink, SQL built from the default mapping (what a run writes with), on the run's pages mapped outside the clock; median of %d rounds | %s |",
                rounds.sink().size(), num(mappedSink));
        r.line("| Sink only: PostgresPageSink, the hand-written reference sink, on the run's pages parsed outside the clock; median of %d rounds | %s |",
                rounds.handWritten().size(), num(sink));
        r.line("| Parse only: RecordMapper with the default mapping on the same items (not part of either side of the target) | %s |", num(parse));
        r.line("| Raw COPY of the same content rows and tag edges, one transaction per page of the run | %s |", num(copy));
        r.line("| End to end: the sync run (read-ahead, parse, write, checkpoint; from its start to its finish), %d pages; median of %d rounds | %s |",
                synced.run().counts().pages(), rounds.endToEnd().size(), num(e2e));
        r.line("");
        r.line("The sink-only rows and the end-to-end run ran in %d alternating rounds (the hand-written sink, the mapped sink, "
                + "then end to end, each on a "
                + "new database, the databases vacuumed and checkpointed between them), after one warm-up round not counted, "
                + "so a minute in which the shared machine ran slower weighs on both sides alike:", rounds.sink().size());
        r.line("");
        r.line("| Round | hand-written sink (items/s) | mapped sink (items/s) | end to end (items/s) | end to end ÷ mapped sink |");
        r.line("|---|---|---|---|---|");
        for (int k = 0; k < rounds.sink().size(); k++) {
            r.line("| %d | %s | %s | %s | %s |", k + 1, num(rounds.handWritten().get(k)), num(rounds.sink().get(k)),
                    num(rounds.endToEnd().get(k)), num(rounds.endToEnd().get(k) / rounds.sink().get(k)));
        }
        r.line("| median | %s | %s | %s | %s (of the rounds' ratios) |", num(sink), num(mappedSink), num(e2e),
                num(rounds.ratioMedian()));
        r.line("");
        double sourceRate = Math.max(source[0], source[1]);
        // Issue 20 raised the target from 0.8 to 0.9 once the parse moved to the read-ahead side.
        // The sink a run writes with is the mapped one.
        double floor = 0.9 * Math.min(sourceRate, mappedSink);
        r.target("Backfill end to end ≥ 0.9 × min(source-only, sink-only)",
                num(e2e) + " vs 0.9 × min(" + num(sourceRate) + ", " + num(mappedSink) + ") = " + num(floor)
                        + " (ratio " + num(e2e / Math.min(sourceRate, mappedSink)) + ")", e2e >= floor);
        r.target("Sink-only ≥ 0.5 × raw COPY", num(mappedSink) + " vs " + num(copy) + " (ratio "
                + num(mappedSink / copy) + ")", mappedSink >= 0.5 * copy);
        r.target("Mapped sink (default mapping) ≥ 0.9 × PostgresPageSink", num(mappedSink) + " vs " + num(sink)
                + " (ratio " + num(mappedSink / sink) + ")", mappedSink >= 0.9 * sink);
        chart.bars("1. Backfill throughput", "items/s", List.of("source", "source+ahead", "sink", "COPY", "end to end"),
                list(source[0], source[1], mappedSink, copy, e2e), false);

        Object[] inc = Incremental.run(stack, data, synced, parser);
        Incremental.Cost i = (Incremental.Cost) inc[0];
        Incremental.Cost s = (Incremental.Cost) inc[1];
        long overlap = (Long) inc[2];
        r.line("");
        r.line("## 2. Incremental cost: %d items changed since the checkpoint, same %,d-item table", Incremental.CHANGES, data.count());
        r.line("");
        r.line("| Sync | DynamoDB requests | items read | read capacity units | rows changed | wall time (s) |");
        r.line("|---|---|---|---|---|---|");
        r.line("| Incremental run (GSI Query per day partition) | %d %s | %,d | %s | %d | %.3f |", i.requests(),
                i.byOperation(), i.itemsRead(), num(i.capacityUnits()), i.upserted(), i.seconds());
        r.line("| Full-table Scan sync (Scan, parse, upsert every item) | %d %s | %,d | %s | %d | %.3f |", s.requests(),
                s.byOperation(), s.itemsRead(), num(s.capacityUnits()), s.upserted(), s.seconds());
        r.line("");
        r.line("Documented overlap: items stamped in [checkpoint − 5 min, checkpoint) are read again: %d here.", overlap);
        r.target("Incremental items read ≤ 100 + overlap", i.itemsRead() + " ≤ 100 + " + overlap,
                i.itemsRead() <= 100 + overlap);
        r.target("Incremental no Scan", i.byOperation().toString(), !i.byOperation().containsKey("Scan"));
        double speedup = s.seconds() / i.seconds();
        r.target("Incremental ≥ 50 × faster than the full-scan sync", num(speedup) + " ×", speedup >= 50);
        chart.bars("2. Wall time: incremental (100 changes) vs full Scan", "ms",
                List.of(String.format("incremental (%.0f ms)", i.seconds() * 1000), "full Scan sync"),
                list(i.seconds() * 1000, s.seconds() * 1000), false);
        chart.bars("2. Items read from DynamoDB", "items", List.of("incremental (" + i.itemsRead() + ")", "full Scan sync"),
                list(i.itemsRead(), s.itemsRead()), false);
        synced.app().close();
    }

    static void naive(Report r, Chart chart, BenchStack stack, BenchData data, ItemParser parser) throws Exception {
        r.line("");
        r.line("## 3. Naive baseline: one autocommitted upsert per record vs the set-based page writer");
        r.line("");
        String url = stack.database("naive");
        List<ParsedPages> loopPages = Naive.pages(data, parser, 0, 20_000, 1000);
        List<ParsedPages> slowPages = Naive.pages(data, parser, 0, 5_000, 1000);
        double[] loop = Naive.compare(url, loopPages, 2);
        double[] slow;
        List<long[]> trips = new ArrayList<>();
        try (LatencyProxy proxy = Bench.proxy(stack, Duration.ofMillis(1))) {
            String proxied = BenchStack.withPort(url, proxy.port());
            slow = Naive.compare(proxied, slowPages, 1);
            int offset = 50_000;
            for (int size : List.of(100, 1000, 5000)) {
                trips.add(Naive.roundTrips(proxy, proxied, Bench.onePage(data, parser, offset, size)));
                offset += size;
            }
        }
        r.line("Rows per second of content. The statement-per-row variant runs on the first 2,000 rows (loopback) and "
                + "1,000 rows (1 ms); it re-updates the same few creator and community rows on every record.");
        r.line("");
        r.line("| Link | rows | one upsert per record, content only (rows/s) | one statement per row, same data (rows/s) "
                + "| set-based pages of 1,000 (rows/s) | set-based ÷ per record | set-based ÷ per row |");
        r.line("|---|---|---|---|---|---|---|");
        r.line("| loopback | 20,000 | %s | %s | %s | %s × | %s × |", num(loop[0]), num(loop[1]), num(loop[2]),
                num(loop[2] / loop[0]), num(loop[2] / loop[1]));
        r.line("| loopback + 1 ms round trip (proxy) | 5,000 | %s | %s | %s | %s × | %s × |", num(slow[0]), num(slow[1]),
                num(slow[2]), num(slow[2] / slow[0]), num(slow[2] / slow[1]));
        r.line("");
        r.line("The per-record baseline writes only the content row (its creator, community and tags are already there); "
                + "the set-based writer also writes each record's creator, community, tags and tag edges, with their "
                + "foreign-key checks. The statement-per-row column writes the same rows as the set-based writer.");
        r.line("");
        r.line("Round trips per page (set-based writer, new rows, through the proxy):");
        r.line("");
        r.line("| page size | JDBC statements + commit | wire turns (client speaks after server) | one statement per row |");
        r.line("|---|---|---|---|");
        int[] sizes = {100, 1000, 5000};
        for (int k = 0; k < sizes.length; k++) {
            r.line("| %,d | %d | %d | %,d |", sizes[k], trips.get(k)[0], trips.get(k)[1], sizes[k]);
        }
        r.target("Set-based ≥ 3 × row-at-a-time on loopback (vs one upsert per record, content only)",
                num(loop[2] / loop[0]) + " × (vs one statement per row of the same data: " + num(loop[2] / loop[1]) + " ×)",
                loop[2] / loop[0] >= 3);
        r.target("Set-based ≥ 10 × row-at-a-time with 1 ms round trips (vs one upsert per record, content only)",
                num(slow[2] / slow[0]) + " × (vs one statement per row of the same data: " + num(slow[2] / slow[1]) + " ×)",
                slow[2] / slow[0] >= 10);
        boolean constant = trips.stream().allMatch(t -> t[0] == trips.get(1)[0]);
        r.target("Round trips per page constant in page size, ≤ 8 for 1,000 items",
                "statements " + trips.get(0)[0] + " / " + trips.get(1)[0] + " / " + trips.get(2)[0]
                        + " for 100 / 1,000 / 5,000 items", constant && trips.get(1)[0] <= 8);
        chart.grouped("3. Row at a time vs set-based", "rows/s", List.of("loopback", "+1 ms RTT"),
                List.of("upsert per record (content)", "statement per row (same data)", "set-based page"),
                List.of(list(loop[0], slow[0]), list(loop[1], slow[1]), list(loop[2], slow[2])), false);
    }

    static void memory(Report r, Chart chart, BenchStack stack, BenchData big, BenchData small) throws Exception {
        r.line("");
        r.line("## 4. Memory: backfill in a fresh JVM with -Xmx256m -XX:+UseSerialGC (production wiring)");
        r.line("");
        r.line("Serial GC is what the JVM picks by itself on a 1-vCPU Lambda (under 2 CPUs or 1,792 MB); peak heap is "
                + "the largest occupancy just before a collection (or at the end), live the largest right after one.");
        r.line("");
        r.line("| Items | result line printed by the child JVM |");
        r.line("|---|---|");
        double[] peak = new double[2];
        double[] live = new double[2];
        double[] retained = new double[2];
        BenchData[] sets = {small, big};
        for (String mode : List.of("plain", "sample")) {
            for (int k = 0; k < 2; k++) {
                List<String> cmd = List.of(Children.java().toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                        System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        MemoryProbe.class.getName(), mode);
                Children.Output out = Children.run(cmd, stack.environment(sets[k].table(), stack.database("memory"), "PT744H"));
                String result = out.find("RESULT ");
                r.line("| %,d%s | `%s` |", sets[k].count(), mode.equals("sample") ? ", full GC every second" : "", result);
                Backfill.check(Long.parseLong(field(result, "fetched")), sets[k].count(), "memory probe");
                if (mode.equals("plain")) {
                    peak[k] = Double.parseDouble(field(result, "peakMb"));
                    live[k] = Double.parseDouble(field(result, "liveMb"));
                } else {
                    retained[k] = Double.parseDouble(field(result, "liveAfterFullGcMb"));
                }
            }
        }
        r.line("");
        r.line("Live set (heap surviving a full collection, sampled every second in the second pair of runs): "
                + "%s MB for %,d items, %s MB for %,d items.", num(retained[0]), small.count(), num(retained[1]), big.count());
        r.line("");
        r.line("How to read it: peak heap is how far the collector lets the heap fill before collecting. With the serial "
                + "collector, page objects that are still in use at a young collection are promoted and stay in the old "
                + "generation until it fills, so a longer run reaches a higher peak without holding more. The live set "
                + "after a full collection is what the run actually holds; the read-ahead holds at most 6 pages.");
        r.target("Live set after full GC of " + big.count() + " items ≤ 1.2 × that of " + small.count() + " (no growth with pages)",
                num(retained[1]) + " MB vs " + num(retained[0]) + " MB (ratio " + num(retained[1] / retained[0]) + ")",
                retained[1] <= 1.2 * retained[0]);
        r.target("Peak heap of " + big.count() + " items ≤ 1.2 × that of " + small.count() + ", under 256 MB",
                num(peak[1]) + " MB vs " + num(peak[0]) + " MB (ratio " + num(peak[1] / peak[0]) + ")",
                peak[1] <= 1.2 * peak[0] && peak[1] < 256);
        chart.grouped("4. Heap under -Xmx256m", "MB", List.of(small.count() + " items", big.count() + " items"),
                List.of("peak heap", "max after young GC", "live after full GC"),
                List.of(list(peak[0], peak[1]), list(live[0], live[1]), list(retained[0], retained[1])), false);
    }

    static void coldStart(Report r, Chart chart, BenchStack stack, Path lambdaJar, Path work) throws Exception {
        r.line("");
        r.line("## 5. Cold start: fresh JVM on the Lambda jar, handler on an empty delta (median of %d)", ColdStart.REPEATS);
        r.line("");
        if (!Files.exists(lambdaJar)) {
            r.line("Not measured: %s is missing (bin/bench builds it with `mvn package`).", lambdaJar);
            r.target("Cold start figures recorded", "missing Lambda jar", false);
            return;
        }
        List<ColdStart.Timing> timings = ColdStart.run(stack, lambdaJar, work);
        r.line("| Variant | JVM start → handler ready (ms) | ready → run complete (ms) | JVM start → run complete (ms) |");
        r.line("|---|---|---|---|");
        for (ColdStart.Timing t : timings) {
            r.line("| %s | %d | %d | %d |", t.variant(), t.readyMs(), t.doneMs() - t.readyMs(), t.doneMs());
        }
        ColdStart.Timing plain = timings.getFirst();
        ColdStart.Timing primed = timings.get(1);
        r.line("");
        r.line("Priming moves %d ms of first-invocation work into init (first run %d → %d ms): on SnapStart that "
                        + "part is restored from the snapshot instead of paid per cold start. The AOT cache cuts the "
                        + "whole cold start from %d to %d ms.", (plain.doneMs() - plain.readyMs()) - (primed.doneMs() - primed.readyMs()),
                plain.doneMs() - plain.readyMs(), primed.doneMs() - primed.readyMs(), plain.doneMs(), timings.get(2).doneMs());
        ColdStart.Timing snapStart = timings.getLast();
        r.line("The SnapStart hooks (no connection, no secret before the snapshot) cut the first run after a restore "
                        + "from %d to %d ms; the %d ms they spend before it are paid once per published version.",
                plain.doneMs() - plain.readyMs(), snapStart.doneMs() - snapStart.readyMs(), snapStart.readyMs());
        r.target("Cold start figures recorded, with what priming bought", "see section 5", true);
        List<String> labels = timings.stream().map(t -> t.variant().replace("AOT cache", "AOT").replace(" + ", "+")).toList();
        chart.grouped("5. Cold start (ms from JVM launch)", "ms", labels, List.of("handler ready", "run complete"),
                List.of(timings.stream().map(ColdStart.Timing::readyMs).toList(),
                        timings.stream().map(ColdStart.Timing::doneMs).toList()), false);
    }

    static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in " + line);
    }
}
