package dev.tidemark.postgres;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.ParseOutcome;
import dev.tidemark.core.parse.SourceSchema;
import dev.tidemark.sync.PageResult;
import dev.tidemark.sync.PageSink;
import dev.tidemark.testing.MessyItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and adversarial pages, parsed and written through the real {@link PostgresPageSink} into the
 * embedded PostgreSQL: every accepted record and every rejection is accepted by PostgreSQL (a page that
 * PostgreSQL refused would throw and fail the property), the counts balance, what is stored is what the
 * parser produced, and writing the same page again changes nothing.
 */
class PageSinkProperties {
    private static TestStack stack;
    private static PageSink sink;
    private static PageSink copySink;
    private final ItemParser parser = new ItemParser(SourceSchema.defaults());

    @BeforeContainer
    static void start() {
        stack = TestStack.forClass(PageSinkProperties.class);
        PostgresDatabase.migrate(stack.dataSource);
        sink = new PostgresPageSink(stack.dataSource);
        copySink = new PostgresPageSink(stack.dataSource, PostgresPageSink.ContentSource.COPY);
    }

    @AfterContainer
    static void stop() {
        stack.close();
    }

    @BeforeTry
    void emptyTables() {
        Sql.execute(stack.dataSource, "DELETE FROM content_tags; DELETE FROM content; DELETE FROM creators;"
                + " DELETE FROM communities; DELETE FROM tags; DELETE FROM quarantine");
    }

    @Property(tries = 200)
    void everyPageIsAcceptedByPostgresAndCountsBalance(@ForAll("pages") List<SourceItem> page) {
        check(sink, page);
    }

    /** The same with the content rows streamed by COPY into a temporary table (bench/RESULTS.md, section 6). */
    @Property(tries = 100)
    void theCopyVariantAcceptsEveryPageAlike(@ForAll("pages") List<SourceItem> page) {
        check(copySink, page);
    }

    private void check(PageSink sink, List<SourceItem> page) {
        List<ContentRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (SourceItem item : page) {
            switch (parser.parse(item)) {
                case ParseOutcome.Accepted a -> records.add(a.record());
                case ParseOutcome.Rejected r -> rejections.add(r.rejection());
            }
        }
        Statistics.label("outcome").collect(records.isEmpty() ? "no record" : rejections.isEmpty() ? "records only" : "mixed");
        // The generator must mostly produce pages with records, or the property proves little about them.
        Statistics.label("outcome").coverage(c -> c.check("no record").percentage(p -> p < 40));

        PageResult first = sink.write("run-1", records, rejections);
        assertThat(first.upserted() + first.unchanged() + first.quarantined()).isEqualTo(page.size());
        assertThat(first.quarantined()).isEqualTo(rejections.size());

        // Within a page the newest version of a key wins (the later one on a tie).
        Map<String, ContentRecord> latest = new LinkedHashMap<>();
        records.forEach(r -> latest.merge(r.contentId(), r,
                (kept, incoming) -> incoming.sourceUpdatedAt().isBefore(kept.sourceUpdatedAt()) ? kept : incoming));
        assertThat(first.upserted()).isEqualTo(latest.size());
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(latest.size());
        latest.values().forEach(PageSinkProperties::assertStored);
        long quarantined = Sql.count(stack.dataSource, "SELECT count(*) FROM quarantine WHERE run_id = 'run-1'");
        assertThat(quarantined).isBetween(rejections.isEmpty() ? 0L : 1L, (long) rejections.size());

        PageResult replay = sink.write("run-2", records, rejections);
        assertThat(replay.upserted()).as("a replayed page changes nothing").isZero();
        assertThat(replay.unchanged()).isEqualTo(records.size());
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM quarantine")).isEqualTo(quarantined);
    }

    private static void assertStored(ContentRecord r) {
        Map<String, Object> row = Sql.row(stack.dataSource, """
                SELECT caption, platform, url, view_count, like_count, source_updated_at, tags,
                       metadata IS NOT DISTINCT FROM ?::jsonb AS same_metadata,
                       extra IS NOT DISTINCT FROM ?::jsonb AS same_extra
                FROM content WHERE content_id = ?""", r.metadataJson(), r.extraJson(), r.contentId());
        assertThat(row.get("caption")).isEqualTo(r.caption());
        assertThat(row.get("platform")).isEqualTo(r.platform());
        assertThat(row.get("url")).isEqualTo(r.url());
        assertExact((BigDecimal) row.get("view_count"), r.viewCount());
        assertExact((BigDecimal) row.get("like_count"), r.likeCount());
        assertThat(row.get("tags")).isEqualTo(r.tags());
        assertThat(row.get("same_metadata")).isEqualTo(true);
        assertThat(row.get("same_extra")).isEqualTo(true);
    }

    private static void assertExact(BigDecimal stored, BigDecimal expected) {
        if (expected == null) {
            assertThat(stored).isNull();
        } else {
            assertThat(stored).isEqualByComparingTo(expected);
        }
    }

    @Provide
    Arbitrary<List<SourceItem>> pages() {
        return MessyItems.items().list().ofMinSize(1).ofMaxSize(12);
    }
}
