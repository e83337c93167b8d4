package dev.tidemark.bench;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.postgres.PostgresPageSink;
import dev.tidemark.testing.LatencyProxy;
import dev.tidemark.testing.ParsedPages;
import dev.tidemark.testing.SingleConnectionDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Scenario 3: row-at-a-time writes against the set-based page writer on the same records, on loopback and
 * through a proxy that adds 1 ms per round trip, each into emptied content tables. Two naive variants: one
 * autocommitted upsert per record into {@code content} only (seed 003 literally; creators, communities and
 * tags are there already), and one autocommitted statement per row of the same data the page writer
 * writes (creator, community, content, each tag edge). The set-based writer writes whole pages.
 */
final class Naive {
    private static final String UPSERT = """
            INSERT INTO content AS c (content_id, platform, url, caption, published_at, view_count, like_count,
                                      creator_id, community_id, tags, metadata, extra, source_updated_at,
                                      deleted_at, last_run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?::jsonb, ?, ?, 'naive')
            ON CONFLICT (content_id) DO UPDATE SET
                platform = EXCLUDED.platform, url = EXCLUDED.url, caption = EXCLUDED.caption,
                published_at = EXCLUDED.published_at, view_count = EXCLUDED.view_count,
                like_count = EXCLUDED.like_count, creator_id = EXCLUDED.creator_id,
                community_id = EXCLUDED.community_id, tags = EXCLUDED.tags, metadata = EXCLUDED.metadata,
                extra = EXCLUDED.extra, source_updated_at = EXCLUDED.source_updated_at,
                deleted_at = EXCLUDED.deleted_at, synced_at = now()
            WHERE c.source_updated_at <= EXCLUDED.source_updated_at
            """;

    private Naive() {
    }

    private static final String CREATOR = """
            INSERT INTO creators AS t (creator_id, handle, display_name, follower_count, source_updated_at)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT (creator_id) DO UPDATE SET handle = EXCLUDED.handle,
                display_name = EXCLUDED.display_name, follower_count = EXCLUDED.follower_count,
                source_updated_at = EXCLUDED.source_updated_at, synced_at = now()
            WHERE t.source_updated_at <= EXCLUDED.source_updated_at
              AND (t.handle, t.display_name, t.follower_count, t.source_updated_at) IS DISTINCT FROM
                  (EXCLUDED.handle, EXCLUDED.display_name, EXCLUDED.follower_count, EXCLUDED.source_updated_at)
            """;
    private static final String COMMUNITY = """
            INSERT INTO communities AS t (community_id, name, source_updated_at) VALUES (?, ?, ?)
            ON CONFLICT (community_id) DO UPDATE SET name = EXCLUDED.name,
                source_updated_at = EXCLUDED.source_updated_at, synced_at = now()
            WHERE t.source_updated_at <= EXCLUDED.source_updated_at
              AND (t.name, t.source_updated_at) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.source_updated_at)
            """;
    private static final String EDGE = """
            INSERT INTO content_tags (content_id, tag_id) SELECT ?, tag_id FROM tags WHERE name = ?
            ON CONFLICT DO NOTHING
            """;

    /**
     * Rows per second (content rows): {one upsert per record (content only, as seed 003), one statement per
     * row of the same data the page writer writes (creator, community, content, each tag edge) on the first
     * {@code perRowPages} pages only (it is slow), set-based}.
     */
    static double[] compare(String jdbcUrl, List<ParsedPages> pages, int perRowPages) throws SQLException {
        try (SingleConnectionDataSource db = new SingleConnectionDataSource(jdbcUrl, "postgres")) {
            long rows = pages.stream().mapToLong(p -> p.records().size()).sum();
            reset(db, pages);
            long t0 = System.nanoTime();
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
                c.setAutoCommit(true);
                for (ParsedPages page : pages) {
                    for (ContentRecord r : page.records()) {
                        bind(ps, r);
                        ps.executeUpdate();
                    }
                }
            }
            double perRecord = rows / ((System.nanoTime() - t0) / 1e9);

            List<ParsedPages> sample = pages.subList(0, perRowPages);
            long sampleRows = sample.stream().mapToLong(p -> p.records().size()).sum();
            reset(db, pages);
            t0 = System.nanoTime();
            try (Connection c = db.getConnection(); PreparedStatement content = c.prepareStatement(UPSERT);
                 PreparedStatement creator = c.prepareStatement(CREATOR);
                 PreparedStatement community = c.prepareStatement(COMMUNITY);
                 PreparedStatement edge = c.prepareStatement(EDGE)) {
                c.setAutoCommit(true);
                for (ParsedPages page : sample) {
                    for (ContentRecord r : page.records()) {
                        if (r.creator() != null) {
                            creator.setString(1, r.creator().creatorId());
                            creator.setString(2, r.creator().handle());
                            creator.setString(3, r.creator().displayName());
                            creator.setBigDecimal(4, r.creator().followerCount());
                            timestamp(creator, 5, r.creator().sourceUpdatedAt());
                            creator.executeUpdate();
                        }
                        if (r.community() != null) {
                            community.setString(1, r.community().communityId());
                            community.setString(2, r.community().name());
                            timestamp(community, 3, r.community().sourceUpdatedAt());
                            community.executeUpdate();
                        }
                        bind(content, r);
                        content.executeUpdate();
                        for (String tag : r.tags()) {
                            edge.setString(1, r.contentId());
                            edge.setString(2, tag);
                            edge.executeUpdate();
                        }
                    }
                }
            }
            double perRow = sampleRows / ((System.nanoTime() - t0) / 1e9);

            reset(db, pages);
            PostgresPageSink sink = new PostgresPageSink(db);
            t0 = System.nanoTime();
            for (ParsedPages page : pages) {
                sink.write("set-based", page.records(), List.of());
            }
            double setBased = rows / ((System.nanoTime() - t0) / 1e9);
            return new double[] {perRecord, perRow, setBased};
        }
    }

    /**
     * Statements (JDBC executions and commits) and wire turns for one page of {@code page} records written
     * by the set-based writer through the proxy, on a table that already holds other rows.
     */
    static long[] roundTrips(LatencyProxy proxy, String proxiedUrl, ParsedPages page) {
        try (SingleConnectionDataSource db = new SingleConnectionDataSource(proxiedUrl, "postgres")) {
            PostgresPageSink sink = new PostgresPageSink(db);
            long statements = db.statements();
            long turns = proxy.roundTrips();
            sink.write("round-trips", page.records(), page.rejections());
            return new long[] {db.statements() - statements, proxy.roundTrips() - turns};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ParsedPages> pages(BenchData data, ItemParser parser, int offset, int rows, int pageSize) {
        List<ParsedPages> pages = new java.util.ArrayList<>();
        for (int from = offset; from < offset + rows; from += pageSize) {
            pages.add(ParsedPages.parse(parser, data.items(from, Math.min(offset + rows, from + pageSize))));
        }
        return pages;
    }

    /** Empties the tables but keeps the creators and communities the naive upsert's foreign keys need. */
    private static void reset(SingleConnectionDataSource db, List<ParsedPages> pages) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("TRUNCATE content, content_tags, creators, communities CASCADE");
        }
        PostgresPageSink sink = new PostgresPageSink(db);
        for (ParsedPages page : pages) {
            sink.write("references", page.records(), List.of());
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("TRUNCATE content, content_tags");
            s.execute("VACUUM ANALYZE content");
        }
    }

    private static void bind(PreparedStatement ps, ContentRecord r) throws SQLException {
        ps.setString(1, r.contentId());
        ps.setString(2, r.platform());
        ps.setString(3, r.url());
        ps.setString(4, r.caption());
        timestamp(ps, 5, r.publishedAt());
        ps.setBigDecimal(6, r.viewCount());
        ps.setBigDecimal(7, r.likeCount());
        ps.setString(8, r.creator() == null ? null : r.creator().creatorId());
        ps.setString(9, r.community() == null ? null : r.community().communityId());
        String tags = JsonValues.write(r.tags());
        ps.setString(10, "{" + tags.substring(1, tags.length() - 1) + "}");
        ps.setString(11, r.metadataJson());
        ps.setString(12, r.extraJson());
        timestamp(ps, 13, r.sourceUpdatedAt());
        timestamp(ps, 14, r.deletedAt());
    }

    private static void timestamp(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, t.atOffset(ZoneOffset.UTC));
        }
    }
}
