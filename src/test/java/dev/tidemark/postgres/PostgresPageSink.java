package dev.tidemark.postgres;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.sync.PageResult;
import dev.tidemark.sync.PageSink;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes one page in one transaction, set-based: one {@code INSERT … SELECT FROM unnest(arrays)} per table,
 * so the number of round trips is constant in the page size (at most 7 statements and the commit).
 *
 * <p>Order follows the foreign keys: creators, communities, tags, content, content↔tag edges, quarantine;
 * last, open quarantine rows of keys that now arrived readable are marked resolved.
 *
 * <p>Every upsert is monotonic and idempotent: a row is overwritten only when the incoming
 * {@code source_updated_at} is newer than or equal to the stored one, and only when something actually
 * differs ({@code IS DISTINCT FROM}), so a stale replay cannot regress a row and an identical replay writes
 * no new row version (no bloat, no WAL, {@code synced_at} untouched). {@code RETURNING} tells which content
 * rows changed; only their tag edges are replaced.
 *
 * <p>A page is de-duplicated by id first (newest {@code updatedAt} wins): PostgreSQL aborts an
 * {@code ON CONFLICT DO UPDATE} statement that touches the same key twice.
 *
 * <p>Test code: the hand-coded reference sink of today's model. Production writes every mapping, the default
 * one included, through {@link PostgresMappedSink}; {@code MappedSinkEquivalenceTest} and the benchmark compare
 * against this one.
 */
public final class PostgresPageSink implements PageSink {
    private final DataSource dataSource;
    private final ContentSource contentSource;

    /**
     * How a page's content rows reach the upsert. {@code UNNEST} binds them as column arrays of the statement;
     * {@code COPY} streams them into a temporary table first ({@link ContentRows}) and upserts from it with the
     * same statement. Both are measured in bench/RESULTS.md (section 6); the faster is the default.
     */
    public enum ContentSource { UNNEST, COPY }

    public PostgresPageSink(DataSource dataSource) {
        this(dataSource, ContentSource.UNNEST);
    }

    public PostgresPageSink(DataSource dataSource, ContentSource contentSource) {
        this.dataSource = dataSource;
        this.contentSource = contentSource;
    }

    @Override
    public PageResult write(String runId, List<ContentRecord> records, List<Rejection> rejections) {
        List<ContentRecord> latest = PageRows.latestById(records, ContentRecord::contentId,
                ContentRecord::sourceUpdatedAt);
        return PageTransaction.run(dataSource, "page of " + records.size() + " records and " + rejections.size()
                + " rejections", c -> {
            // Every version on the page, not only the newest per content id: an older version of the same item
            // may be the only one that carried a creator's or community's field.
            EntityUpserts.creators(c, records);
            EntityUpserts.communities(c, records);
            insertTags(c, latest);
            Map<String, Boolean> changed = upsertContent(c, runId, latest);
            replaceTagEdges(c, latest, changed.keySet());
            PageRows.quarantine(c, runId, rejections);
            PageRows.resolveQuarantine(c, runId, latest, ContentRecord::contentId,
                    ContentRecord::sourceUpdatedAt);
            int deleted = (int) changed.values().stream().filter(Boolean::booleanValue).count();
            return new PageResult(changed.size(), records.size() - changed.size(), rejections.size(), deleted,
                    changed.keySet());
        });
    }

    /**
     * A dry run's page: read-only, counts as upserted the records whose row is missing or older (the rows a
     * write would certainly change) and as unchanged the rest. An equal-timestamp record with different
     * content would also be written; the preview does not compare contents and counts it unchanged.
     */
    @Override
    public PageResult preview(List<ContentRecord> records, List<Rejection> rejections) {
        List<ContentRecord> latest = PageRows.latestById(records, ContentRecord::contentId,
                ContentRecord::sourceUpdatedAt);
        if (latest.isEmpty()) {
            return new PageResult(0, records.size(), rejections.size(), 0);
        }
        return PageRows.preview(dataSource, """
                SELECT s.content_id, s.deleted FROM unnest(?::text[], ?::timestamptz[], ?::boolean[])
                       AS s(content_id, source_updated_at, deleted)
                LEFT JOIN content t ON t.content_id = s.content_id
                WHERE t.content_id IS NULL OR t.source_updated_at < s.source_updated_at
                """, latest, ContentRecord::contentId, ContentRecord::sourceUpdatedAt, r -> r.deletedAt() != null,
                records.size(), rejections.size());
    }

    private static void insertTags(Connection c, List<ContentRecord> records) throws SQLException {
        Set<String> names = new TreeSet<>();  // one lock order for every writer, as in latestById
        records.forEach(r -> names.addAll(r.tags()));
        if (names.isEmpty()) {
            return;
        }
        // The NOT EXISTS keeps known tags from burning identity values on every page.
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO tags (name)
                SELECT n FROM unnest(?::text[]) AS n WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = n)
                ON CONFLICT (name) DO NOTHING
                """)) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            ps.executeUpdate();
        }
    }

    /** @return the ids of rows inserted or changed, each with whether the row is now soft-deleted */
    private Map<String, Boolean> upsertContent(Connection c, String runId, List<ContentRecord> records)
            throws SQLException {
        Map<String, Boolean> changed = new LinkedHashMap<>();
        if (records.isEmpty()) {
            return changed;
        }
        if (contentSource == ContentSource.COPY) {
            ContentRows.copy(c, records);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO content AS c (content_id, platform, url, caption, published_at, view_count, like_count,
                                          creator_id, community_id, tags, metadata, extra, source_updated_at,
                                          deleted_at, last_run_id)
                SELECT s.content_id, s.platform, s.url, s.caption, s.published_at, s.view_count, s.like_count,
                       s.creator_id, s.community_id, ARRAY(SELECT jsonb_array_elements_text(s.tags)),
                       s.metadata, s.extra, s.source_updated_at, s.deleted_at, ?
                FROM %s
                ON CONFLICT (content_id) DO UPDATE SET
                    platform = EXCLUDED.platform, url = EXCLUDED.url, caption = EXCLUDED.caption,
                    published_at = EXCLUDED.published_at, view_count = EXCLUDED.view_count,
                    like_count = EXCLUDED.like_count, creator_id = EXCLUDED.creator_id,
                    community_id = EXCLUDED.community_id, tags = EXCLUDED.tags, metadata = EXCLUDED.metadata,
                    extra = EXCLUDED.extra, source_updated_at = EXCLUDED.source_updated_at,
                    deleted_at = EXCLUDED.deleted_at, synced_at = now(), last_run_id = EXCLUDED.last_run_id
                WHERE c.source_updated_at <= EXCLUDED.source_updated_at
                  AND (c.platform, c.url, c.caption, c.published_at, c.view_count, c.like_count, c.creator_id,
                       c.community_id, c.tags, c.metadata, c.extra, c.source_updated_at, c.deleted_at)
                      IS DISTINCT FROM
                      (EXCLUDED.platform, EXCLUDED.url, EXCLUDED.caption, EXCLUDED.published_at,
                       EXCLUDED.view_count, EXCLUDED.like_count, EXCLUDED.creator_id, EXCLUDED.community_id,
                       EXCLUDED.tags, EXCLUDED.metadata, EXCLUDED.extra, EXCLUDED.source_updated_at,
                       EXCLUDED.deleted_at)
                RETURNING c.content_id, c.deleted_at IS NOT NULL
                """.formatted(contentSource == ContentSource.COPY ? ContentRows.TABLE + " AS s" : ContentRows.UNNEST))) {
            ps.setString(1, runId);
            if (contentSource == ContentSource.UNNEST) {
                UnnestArrays a = new UnnestArrays(c, ps, 2);
                for (Function<ContentRecord, String> column : ContentRows.COLUMNS) {
                    a.text(records, column);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return changed;
    }

    /**
     * Re-tagging replaces a row's whole edge set, so a tag removed at the source disappears here. One
     * statement: the edges of the changed rows that are no longer wanted are deleted, the wanted ones
     * inserted (those already present are kept as they are, so an unchanged edge is not rewritten).
     */
    private static void replaceTagEdges(Connection c, List<ContentRecord> records, Set<String> changedIds)
            throws SQLException {
        if (changedIds.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ContentRecord r : records) {
            if (changedIds.contains(r.contentId())) {
                for (String tag : r.tags()) {
                    ids.add(r.contentId());
                    names.add(tag);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                WITH wanted AS (
                    SELECT e.content_id, t.tag_id FROM unnest(?::text[], ?::text[]) AS e(content_id, tag)
                    JOIN tags t ON t.name = e.tag),
                removed AS (
                    DELETE FROM content_tags ct WHERE ct.content_id = ANY(?::text[])
                      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.content_id = ct.content_id AND w.tag_id = ct.tag_id))
                INSERT INTO content_tags (content_id, tag_id) SELECT content_id, tag_id FROM wanted
                ON CONFLICT DO NOTHING
                """)) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            ps.setArray(2, c.createArrayOf("text", names.toArray()));
            ps.setArray(3, c.createArrayOf("text", changedIds.toArray()));
            ps.executeUpdate();
        }
    }

    static String decimal(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}
