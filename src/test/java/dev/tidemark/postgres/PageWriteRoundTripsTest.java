package dev.tidemark.postgres;

import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.SourceSchema;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.sync.PageResult;
import dev.tidemark.testing.LatencyProxy;
import dev.tidemark.testing.ParsedPages;
import dev.tidemark.testing.SingleConnectionDataSource;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6: a page costs a constant number of round trips to PostgreSQL whatever its size (set-based
 * writes), counted twice — JDBC executions and commits, and client-to-server turns on the wire through a
 * loopback proxy — and an identical replay writes no new row versions.
 */
class PageWriteRoundTripsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;
    private static LatencyProxy proxy;
    private static SingleConnectionDataSource db;
    private static ItemParser parser;
    private static DemoDataset dataset;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(PageWriteRoundTripsTest.class);
        PostgresDatabase.migrate(stack.dataSource);
        URI url = URI.create(stack.jdbcUrl.substring("jdbc:".length()));
        proxy = LatencyProxy.start(url.getPort(), Duration.ZERO);
        db = new SingleConnectionDataSource(
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + url.getPath(), "postgres");
        parser = new ItemParser(SourceSchema.defaults());
        dataset = new DemoDataset(stack.table, 11);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        proxy.close();
        stack.close();
    }

    @Test
    void roundTripsPerPageAreConstantInThePageSize() {
        PostgresPageSink sink = new PostgresPageSink(db);
        Map<Integer, List<Long>> costs = new LinkedHashMap<>();
        for (int size : List.of(10, 100, 1000, 3000)) {
            ParsedPages page = page(size, T0.plusSeconds(size));
            long statements = db.statements();
            long trips = proxy.roundTrips();
            PageResult result = sink.write("run-" + size, page.records(), page.rejections());
            assertThat(result.upserted()).isEqualTo(size);
            assertThat(result.quarantined()).isEqualTo(1);
            costs.put(size, List.of(db.statements() - statements, proxy.roundTrips() - trips));
        }
        // Creators, communities, tags, content, tag edges, quarantine, resolving fixed quarantine entries,
        // commit: 8 whatever the size. On the wire a pipelined BEGIN may show as one more turn without costing a wait (see LatencyProxy).
        assertThat(costs).allSatisfy((size, cost) -> {
            assertThat(cost.getFirst()).as("statements for a page of %d", size).isEqualTo(8L);
            assertThat(cost.getLast()).as("wire turns for a page of %d", size).isBetween(8L, 9L);
        });
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(10 + 100 + 1000 + 3000);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content_tags"))
                .isEqualTo(Sql.count(stack.dataSource, "SELECT coalesce(sum(cardinality(tags)), 0) FROM content"));
    }

    @Test
    void anIdenticalReplayWritesNoRowVersionsAndStaysConstantInRoundTrips() {
        PostgresPageSink sink = new PostgresPageSink(db);
        ParsedPages page = page(1000, T0.plus(Duration.ofDays(1)));
        sink.write("first", page.records(), page.rejections());
        List<String> ids = page.records().stream().map(r -> r.contentId()).toList();
        String before = xmins(ids);

        long trips = proxy.roundTrips();
        long statements = db.statements();
        PageResult replay = sink.write("replay", page.records(), page.rejections());

        assertThat(db.statements() - statements).isLessThanOrEqualTo(8);
        assertThat(proxy.roundTrips() - trips).isLessThanOrEqualTo(9);
        assertThat(replay.upserted()).isZero();
        assertThat(replay.unchanged()).isEqualTo(1000);
        assertThat(xmins(ids)).isEqualTo(before);
        assertThat(Sql.count(stack.dataSource,
                "SELECT count(*) FROM content WHERE last_run_id = 'replay'")).isZero();
        assertThat(Sql.count(stack.dataSource,
                "SELECT count(*) FROM quarantine WHERE run_id = 'replay'")).isZero();
        assertThat(before).contains(ids.getFirst() + "=");
    }

    /** The row versions (xmin) of the given rows, as one comparable string. */
    private static String xmins(List<String> ids) {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> row : Sql.rows(stack.dataSource,
                "SELECT content_id, xmin::text AS v FROM content ORDER BY content_id")) {
            if (ids.contains(row.get("content_id").toString())) {
                out.append(row.get("content_id")).append('=').append(row.get("v")).append(';');
            }
        }
        return out.toString();
    }

    /** {@code size} new posts plus one item without a key (bound for quarantine), so every statement runs. */
    private static ParsedPages page(int size, Instant at) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(dataset.inserts(size, at));
        Map<String, AttributeValue> keyless = new HashMap<>(dataset.post("keyless-" + at, at));
        keyless.remove(stack.table.keyAttribute());
        items.add(keyless);
        return ParsedPages.parse(parser, items);
    }
}
