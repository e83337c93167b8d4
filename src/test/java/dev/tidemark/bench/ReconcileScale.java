package dev.tidemark.bench;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Sql;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.tidemark.bench.Report.num;

/**
 * Issue 18's scenario ({@code bin/bench --scenarios reconcile}, not part of the default run): a table of N items
 * synced into PostgreSQL, then 1,000 rows deleted from PostgreSQL (missing), 1,000 rows made older than their item
 * (stale) and 1,000 items hard-deleted at the source; a reconcile pass made of {@code reconcile --max-duration
 * PT20S} invocations, each a fresh JVM with -Xmx256m (the production wiring), one of them killed with
 * {@code kill -9} mid-piece; for the large table, scheduled syncs with writes going on run beside the pass. Options:
 * {@code --reconcile-items} (1000000), {@code --reconcile-small} (250000), {@code --diffs} (1000),
 * {@code --segments} (8), {@code --budget} (PT20S).
 */
final class ReconcileScale {
    static final List<String> SCENARIOS = List.of("reconcile");
    private static final int COMPARE_PAGE = 1000;
    private static final AttributeValue FALSE = AttributeValue.fromBool(false);

    private ReconcileScale() {
    }

    /** What one pass over one table measured. */
    private record Pass(int items, int invocations, int killed, long keys, long checked, long missing, long stale,
                        long deleted, long repaired, double seconds, double peakMb, double maxLiveMb, int syncs,
                        long differences, long touchedOutsideDiffs, long concurrentWrites) {
    }

    static void run(Report r, BenchStack stack, Map<String, String> o, int writers) throws Exception {
        int big = Integer.parseInt(o.getOrDefault("reconcile-items", "1000000"));
        int small = Integer.parseInt(o.getOrDefault("reconcile-small", "250000"));
        int diffs = Integer.parseInt(o.getOrDefault("diffs", "1000"));
        int segments = Integer.parseInt(o.getOrDefault("segments", "8"));
        Duration budget = Duration.parse(o.getOrDefault("budget", "PT20S"));
        r.line("");
        r.line("# Issue 18: reconcile in bounded, resumable pieces");
        r.line("");
        r.line("`bin/bench --scenarios reconcile --reconcile-items %d --reconcile-small %d`: %,d missing rows, %,d stale"
                + " rows and %,d hard deletes per table; %d Scan segments and %d gone-row ranges; pages of 1,000; each"
                + " invocation `reconcile --max-duration %s` in a fresh JVM with -Xmx256m -XX:+UseSerialGC.",
                big, small, diffs, diffs, diffs, segments, segments, budget);
        List<Pass> passes = new ArrayList<>();
        for (int n : small == big ? List.of(big) : List.of(small, big)) {
            passes.add(pass(r, stack, n, diffs, segments, budget, writers, n == big));
        }
        r.line("");
        r.line("| Items | invocations | killed | keys compared | rows checked | missing | stale | deleted | repaired"
                + " | pass wall time (s) | keys+rows/s | peak heap (MB, max over invocations) | live after GC (MB) |"
                + " syncs beside | differences at the end |");
        r.line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Pass p : passes) {
            r.line("| %,d | %d | %d | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s | %s | %s | %d | %d |", p.items(),
                    p.invocations(), p.killed(), p.keys(), p.checked(), p.missing(), p.stale(), p.deleted(),
                    p.repaired(), num(p.seconds()), num((p.keys() + p.checked()) / p.seconds()), num(p.peakMb()),
                    num(p.maxLiveMb()), p.syncs(), p.differences());
        }
        Pass last = passes.getLast();
        r.target("Pass over " + last.items() + " items with a kill -9: repairs exactly " + 2 * diffs
                        + " seeded differences, soft-deletes " + diffs,
                "repaired " + last.repaired() + " (of which " + last.concurrentWrites() + " writes made during the pass"
                        + " that the Scan saw before a sync did), deleted " + last.deleted() + ", rows touched outside"
                        + " the seeded differences and the concurrent writes: " + last.touchedOutsideDiffs(),
                last.repaired() - last.concurrentWrites() == 2L * diffs && last.deleted() == diffs
                        && last.touchedOutsideDiffs() == 0 && last.killed() == 1);
        r.target("End state equals the source (every item, every deletion)", last.differences() + " differences",
                passes.stream().allMatch(p -> p.differences() == 0));
        r.target(">= 5 scheduled syncs succeed beside the pass", last.syncs() + " syncs", last.syncs() >= 5);
        if (passes.size() == 2) {
            Pass a = passes.getFirst();
            r.target("Peak heap at " + last.items() + " within 20 % of " + a.items(), num(last.peakMb()) + " MB vs "
                    + num(a.peakMb()) + " MB (ratio " + num(last.peakMb() / a.peakMb()) + ")",
                    last.peakMb() <= 1.2 * a.peakMb());
        }
    }

    private static Pass pass(Report r, BenchStack stack, int n, int diffs, int segments, Duration budget, int writers,
                             boolean withSyncs) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        BenchData data = BenchData.of("reconcile-" + n, n, 30, end);
        double seeded = data.seed(stack.dynamoDb, writers);
        String url = stack.database("reconcile");
        Map<String, String> env = new HashMap<>(stack.environment(data.table(), url, "PT744H"));
        env.put(TidemarkConfig.ENV_RECONCILE_SEGMENTS, Integer.toString(segments));
        DataSource db = stack.pool(url);
        long t0 = System.nanoTime();
        try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dataSource(db)
                .dynamoDb(stack.dynamoDb).clock(Clock.systemUTC()).build()) {
            RunRecord first = app.sync().runScheduled("bench", null, TimeBudget.UNLIMITED);
            if (first.counts().upserted() != n) {
                throw new IllegalStateException("the first sync wrote " + first.counts().upserted() + " of " + n);
            }
        }
        r.line("");
        r.line("%,d items: seeded in %.1f s, synced into PostgreSQL in %.1f s.", n, seeded, (System.nanoTime() - t0) / 1e9);
        // The differences, spread over the table: i ≡ 1, 2, 3 (mod step).
        int step = n / diffs;
        Set<String> diffIds = new HashSet<>();
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<WriteRequest> deletes = new ArrayList<>();
        for (int k = 0; k < diffs; k++) {
            missing.add("post-" + (k * step + 1));
            stale.add("post-" + (k * step + 2));
            String gone = "post-" + (k * step + 3);
            deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                    .key(Map.of("contentId", AttributeValue.fromS(gone))).build()).build());
            diffIds.add(gone);
        }
        diffIds.addAll(missing);
        diffIds.addAll(stale);
        Sql.execute(db, "DELETE FROM content WHERE content_id IN ('" + String.join("','", missing) + "')");
        Sql.execute(db, "UPDATE content SET source_updated_at = source_updated_at - interval '1 hour', caption = 'old'"
                + " WHERE content_id IN ('" + String.join("','", stale) + "')");
        for (int i = 0; i < deletes.size(); i += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(data.table().tableName(),
                    deletes.subList(i, Math.min(deletes.size(), i + 25)));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = stack.dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }

        // Scheduled syncs beside the pass, with writes going on (new items and new versions, stamped now).
        AtomicBoolean passDone = new AtomicBoolean();
        List<RunRecord> syncs = new CopyOnWriteArrayList<>();
        Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread syncing = Thread.ofPlatform().start(() -> {
            try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dataSource(db)
                    .dynamoDb(stack.dynamoDb).clock(Clock.systemUTC()).build()) {
                for (int round = 0; withSyncs && !passDone.get(); round++) {
                    List<Map<String, AttributeValue>> batch = new ArrayList<>();
                    for (int j = 0; j < 50; j++) {
                        String id = "live-" + round + "-" + j;
                        batch.add(dev.tidemark.local.SourceTables.withIndexKeys(data.table(),
                                new dev.tidemark.local.DemoDataset(data.table(), round * 100 + j).post(id, Instant.now()),
                                Instant.now()));
                        written.add(id);
                    }
                    for (int j = 0; j < 20; j++) {
                        // New versions of items outside the seeded differences (i ≡ 5 mod step).
                        int i = ((round * 20 + j) * step + 5) % n;
                        batch.add(dev.tidemark.local.SourceTables.withIndexKeys(data.table(),
                                new dev.tidemark.local.DemoDataset(data.table(), i + 7).post("post-" + i, Instant.now()),
                                Instant.now()));
                        written.add("post-" + i);
                    }
                    dev.tidemark.local.SourceTables.putAll(stack.dynamoDb, data.table().tableName(), batch);
                    Thread.sleep(10_000);
                    syncs.add(app.sync().runScheduled("bench", null, TimeBudget.UNLIMITED));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        int invocations = 0;
        int killed = 0;
        double peak = 0;
        double live = 0;
        long passStart = System.nanoTime();
        String status = "";
        while (!status.equals("succeeded")) {
            if (invocations > 400) {
                throw new IllegalStateException("the pass did not complete in 400 invocations");
            }
            invocations++;
            List<String> cmd = List.of(Children.java().toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    ReconcileProbe.class.getName(), budget.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process child = pb.start();
            boolean kill = killed == 0 && invocations == 1;
            if (kill) {
                // Mid-piece: half-way through its budget, well after its JVM start and its first pages.
                Thread.sleep(budget.toMillis() / 2);
                new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start().waitFor();
                child.waitFor(60, TimeUnit.SECONDS);
                killed++;
                r.line("Invocation %d killed with kill -9 after %d ms (exit %d).", invocations, budget.toMillis() / 2,
                        child.exitValue());
                continue;
            }
            String result = null;
            List<String> output = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    }
                }
            }
            if (!child.waitFor(600, TimeUnit.SECONDS) || child.exitValue() != 0 || result == null) {
                throw new IllegalStateException("reconcile invocation " + invocations + " failed (" + child.exitValue()
                        + "): " + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
            }
            status = Scenarios.field(result, "status");
            peak = Math.max(peak, Double.parseDouble(Scenarios.field(result, "peakMb")));
            live = Math.max(live, Double.parseDouble(Scenarios.field(result, "liveMb")));
            r.line("- `%s`", result);
        }
        double seconds = (System.nanoTime() - passStart) / 1e9;
        passDone.set(true);
        syncing.join();
        if (withSyncs) {
            Thread.sleep(6_000);
            try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dataSource(db)
                    .dynamoDb(stack.dynamoDb).clock(Clock.systemUTC()).build()) {
                syncs.add(app.sync().runScheduled("bench", null, TimeBudget.UNLIMITED));
            }
        }
        long failedSyncs = syncs.stream().filter(s -> s.status() != RunStatus.SUCCEEDED).count();
        if (failedSyncs > 0) {
            throw new IllegalStateException(failedSyncs + " syncs beside the pass did not succeed");
        }
        Map<String, Object> totals = Sql.row(db, "SELECT sum(keys) FILTER (WHERE kind = 'scan') AS keys,"
                + " sum(keys) FILTER (WHERE kind = 'gone') AS checked, sum(missing) AS missing, sum(stale) AS stale,"
                + " sum(deleted) AS deleted, sum(repaired) AS repaired FROM reconcile_pieces");
        Set<String> touched = new HashSet<>();
        Sql.rows(db, "SELECT content_id FROM content WHERE last_run_id IN (SELECT run_id FROM sync_runs"
                + " WHERE mode = 'reconcile')").forEach(row -> touched.add((String) row.get("content_id")));
        long concurrent = touched.stream().filter(id -> !diffIds.contains(id) && written.contains(id)).count();
        long outside = touched.stream().filter(id -> !diffIds.contains(id) && !written.contains(id)).count();
        long compareStart = System.nanoTime();
        long differences = differences(stack, data, db);
        r.line("Pass: %d invocations (%d killed) in %.1f s; %d scheduled syncs beside it, all succeeded; %d rows"
                + " touched by reconcile outside the seeded differences (%d of them written during the pass);"
                + " %d differences between the source and PostgreSQL at the end (compared page by page in %.1f s).",
                invocations, killed, seconds, syncs.size(), concurrent + outside, concurrent, differences,
                (System.nanoTime() - compareStart) / 1e9);
        stack.dynamoDb.deleteTable(t -> t.tableName(data.table().tableName()));
        return new Pass(n, invocations, killed, ((Number) totals.get("keys")).longValue(),
                ((Number) totals.get("checked")).longValue(), ((Number) totals.get("missing")).longValue(),
                ((Number) totals.get("stale")).longValue(), ((Number) totals.get("deleted")).longValue(),
                ((Number) totals.get("repaired")).longValue(), seconds, peak, live, syncs.size(), differences, outside,
                concurrent);
    }

    /**
     * Source and PostgreSQL compared item by item, streaming: nothing here grows with the table. A strongly
     * consistent Scan in pages of {@value #COMPARE_PAGE} items (a Limit on every request: without one, DynamoDB
     * Local reads every remaining row of the table into its heap for each page), and for each page one query that
     * joins the page's keys to {@code content}. An item that is not a tombstone must have its row, live, at the
     * item's version ({@code source_updated_at = updatedAt}); a tombstone must have no live row.
     *
     * <p>Live rows whose key the source does not hold (a hard delete not soft-deleted, a row that never had an
     * item) are counted, not walked: each page also counts the live rows its keys matched. content_id is the
     * primary key and a Scan returns each key once, so no live row is matched twice, and the live rows in
     * PostgreSQL minus those matched are exactly the live rows with no item at the source. The comparison runs
     * after the syncs beside the pass have stopped, so neither side moves meanwhile.
     */
    private static long differences(BenchStack stack, BenchData data, DataSource db) throws SQLException {
        long differences = 0;
        long matchedLiveRows = 0;
        List<String> examples = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try (Connection c = db.getConnection(); PreparedStatement page = c.prepareStatement("SELECT"
                + " count(*) FILTER (WHERE c.content_id IS NOT NULL AND c.deleted_at IS NULL) AS live,"
                + " count(*) FILTER (WHERE d.differs) AS differing,"
                + " (array_agg(s.id ORDER BY s.id) FILTER (WHERE d.differs))[1:5] AS examples"
                + " FROM unnest(?::text[], ?::text[], ?::boolean[]) AS s(id, version, tombstone)"
                + " LEFT JOIN content c ON c.content_id = s.id"
                + " CROSS JOIN LATERAL (SELECT CASE WHEN s.tombstone"
                + " THEN c.content_id IS NOT NULL AND c.deleted_at IS NULL"
                + " ELSE c.content_id IS NULL OR c.deleted_at IS NOT NULL"
                + " OR c.source_updated_at <> s.version::timestamptz END AS differs) d")) {
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse items = stack.dynamoDb.scan(s -> s.tableName(data.table().tableName())
                        .consistentRead(true).limit(COMPARE_PAGE).exclusiveStartKey(from)
                        .projectionExpression("#k, #v, #d, #t").expressionAttributeNames(Map.of("#k", "contentId",
                                "#v", "updatedAt", "#d", "deleted", "#t", "deletedAt")));
                List<String> ids = new ArrayList<>();
                List<String> versions = new ArrayList<>();
                List<Boolean> tombstones = new ArrayList<>();
                for (Map<String, AttributeValue> item : items.items()) {
                    ids.add(item.get("contentId").s());
                    versions.add(item.get("updatedAt").s());
                    tombstones.add(Boolean.TRUE.equals(item.getOrDefault("deleted", FALSE).bool())
                            || item.containsKey("deletedAt"));
                }
                page.setArray(1, c.createArrayOf("text", ids.toArray()));
                page.setArray(2, c.createArrayOf("text", versions.toArray()));
                page.setArray(3, c.createArrayOf("boolean", tombstones.toArray()));
                try (ResultSet rs = page.executeQuery()) {
                    rs.next();
                    matchedLiveRows += rs.getLong("live");
                    differences += rs.getLong("differing");
                    java.sql.Array some = rs.getArray("examples");
                    if (some != null && examples.size() < 5) {
                        examples.addAll(List.of((Object[]) some.getArray()).stream().map(String::valueOf).toList());
                    }
                }
                start = items.hasLastEvaluatedKey() && !items.lastEvaluatedKey().isEmpty() ? items.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        long unmatched = Sql.count(db, "SELECT count(*) FROM content WHERE deleted_at IS NULL") - matchedLiveRows;
        if (unmatched != 0) {
            examples.add(unmatched + " live rows with no item at the source");
        }
        differences += unmatched;
        if (differences > 0) {
            System.err.println("bench: " + differences + " differences, for example " + examples);
        }
        return differences;
    }
}
