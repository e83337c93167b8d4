package dev.tidemark.postgres;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.mapping.RecordMapper;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.SourceSchema;
import dev.tidemark.dynamodb.AttributeValues;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.sync.CanonicalPipeline;
import dev.tidemark.sync.MappedPipeline;
import dev.tidemark.sync.PageResult;
import dev.tidemark.sync.ParsedPage;
import dev.tidemark.testing.LatencyProxy;
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
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: with the default mapping, the mapped page sink writes exactly the rows today's {@link PostgresPageSink}
 * writes (content, creators, communities, tags, edges, quarantine), page after page of inserts, newer and stale
 * versions, partial creators, tombstones, re-tagging and messy items, each page's result the same; and it costs
 * the same constant number of statements a page.
 */
class MappedSinkEquivalenceTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack today;
    private static TestStack mapped;
    private static LatencyProxy proxy;
    private static SingleConnectionDataSource counted;

    @BeforeAll
    static void start() {
        today = TestStack.forClass(MappedSinkEquivalenceTest.class);
        mapped = TestStack.forClass(MappedSinkEquivalenceTest.class);
        PostgresDatabase.migrate(today.dataSource);
        PostgresDatabase.migrate(mapped.dataSource);
        assertThat(new PostgresSchema(mapped.dataSource).apply(DefaultMapping.get())).isEmpty();
        URI url = URI.create(mapped.jdbcUrl.substring("jdbc:".length()));
        proxy = LatencyProxy.start(url.getPort(), Duration.ZERO);
        counted = new SingleConnectionDataSource("jdbc:postgresql://127.0.0.1:" + proxy.port() + url.getPath(),
                "postgres");
    }

    @AfterAll
    static void stop() throws Exception {
        counted.close();
        proxy.close();
        today.close();
        mapped.close();
    }

    @Test
    void theMappedSinkWritesWhatTodaysSinkWritesPageAfterPage() {
        CanonicalPipeline canonical = new CanonicalPipeline(new ItemParser(SourceSchema.defaults()),
                new PostgresPageSink(today.dataSource));
        MappedPipeline generic = new MappedPipeline(new RecordMapper(DefaultMapping.get()),
                new PostgresMappedSink(counted, DefaultMapping.get()));
        DemoDataset dataset = new DemoDataset(today.table, 20);
        Random random = new Random(20);
        List<Map<String, AttributeValue>> history = dataset.history(T0, 2, 150);
        List<List<Map<String, AttributeValue>>> pages = new ArrayList<>();
        for (int i = 0; i < history.size(); i += 60) {
            pages.add(history.subList(i, Math.min(history.size(), i + 60)));
        }
        for (int round = 0; round < 6; round++) {
            List<Map<String, AttributeValue>> page = new ArrayList<>();
            Instant at = T0.plus(Duration.ofMinutes(round * 10L - 30));
            for (int i = 0; i < 50; i++) {
                Map<String, AttributeValue> item = new HashMap<>(dataset.post("post-" + (1 + random.nextInt(300)),
                        at.plusMillis(random.nextInt(2) == 0 ? i : -3_600_000L + i)));
                switch (random.nextInt(6)) {
                    case 0 -> item.remove("creatorHandle"); // a partial creator keeps its stored handle
                    case 1 -> item.put("followerCount", AttributeValue.fromNul(true));
                    case 2 -> item.put("deleted", AttributeValue.fromBool(true));
                    case 3 -> item.remove("tags");
                    case 4 -> item.put("surprise", AttributeValue.fromS("drift " + i));
                    default -> item.remove("communityId");
                }
                page.add(item);
            }
            page.add(page.get(3)); // the same version twice on a page
            pages.add(page);
            pages.add(page); // an identical replay
        }
        long statements = 0;
        for (List<Map<String, AttributeValue>> page : pages) {
            List<SourceItem> items = page.stream().map(AttributeValues::toSourceItem).toList();
            var a = canonical.parse(items);
            ParsedPage<MappedOutcome.Mapped> b = generic.parse(items);
            assertThat(b.newest()).isEqualTo(a.newest());
            PageResult expected = canonical.write("run", a.records(), a.rejections());
            long before = counted.statements();
            PageResult actual = generic.write("run", b.records(), b.rejections());
            statements = Math.max(statements, counted.statements() - before);
            assertThat(actual).isEqualTo(expected);
        }
        // Creators, communities, tags, content, tag edges, quarantine, resolved quarantine, commit: as today.
        assertThat(statements).isEqualTo(8);
        for (String query : List.of(
                "SELECT content_id, platform, url, caption, published_at, view_count, like_count, creator_id,"
                        + " community_id, tags, metadata, extra, source_updated_at, deleted_at, last_run_id"
                        + " FROM content ORDER BY content_id",
                "SELECT creator_id, handle, display_name, follower_count, source_updated_at FROM creators ORDER BY 1",
                "SELECT community_id, name, source_updated_at FROM communities ORDER BY 1",
                "SELECT name FROM tags ORDER BY 1",
                "SELECT ct.content_id, t.name FROM content_tags ct JOIN tags t USING (tag_id) ORDER BY 1, 2",
                "SELECT source_key, source_updated_at, reason, detail, raw, resolved_at IS NULL AS open"
                        + " FROM quarantine ORDER BY source_key, reason, detail")) {
            String expected = Sql.rows(today.dataSource, query).toString();
            assertThat(Sql.rows(mapped.dataSource, query).toString()).as(query).isEqualTo(expected);
        }
        assertThat(Sql.count(mapped.dataSource, "SELECT count(*) FROM content")).isGreaterThan(250);
        assertThat(Sql.count(mapped.dataSource, "SELECT count(*) FROM content WHERE deleted_at IS NOT NULL")).isPositive();
        assertThat(Sql.count(mapped.dataSource, "SELECT count(*) FROM quarantine")).isPositive();
    }
}
