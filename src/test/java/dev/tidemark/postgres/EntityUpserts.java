package dev.tidemark.postgres;

import dev.tidemark.core.model.Community;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Creator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * The creators and communities a page names, each upserted in one set-based statement within the page's
 * transaction. Unlike content rows, which an item describes whole, an item names an entity with whatever its
 * writer knew, so a field it does not carry must not erase the stored one.
 */
final class EntityUpserts {
    private EntityUpserts() {
    }

    /**
     * Absent is not null: a field the item did not carry keeps the stored value ({@code has_*} false), one it
     * carried (even as an explicit NULL) replaces it. {@code ON CONFLICT DO UPDATE} sees only the table's
     * columns, not which ones the item carried, so new creators are inserted by one statement and existing ones
     * updated by a second, sent together in one round trip.
     *
     * <p>Two statements, not one with a data-modifying CTE: under READ COMMITTED each statement takes a new
     * snapshot, so the update sees a row that a concurrent writer (a parallel backfill slice) inserted while
     * this insert waited for it; in one statement that row would be invisible and the newer version lost. Rows
     * are inserted and locked in id order ({@code ORDER BY … FOR NO KEY UPDATE}) so concurrent writers wait for
     * each other instead of deadlocking; {@code NO KEY}, the lock an UPDATE takes anyway, because a plain
     * {@code FOR UPDATE} would also block the foreign-key checks ({@code FOR KEY SHARE}) of other writers'
     * content rows and deadlock with them.
     */
    static void creators(Connection c, List<ContentRecord> records) throws SQLException {
        List<Creator> creators = PageRows.mergedById(
                records.stream().map(ContentRecord::creator).filter(Objects::nonNull).toList(),
                Creator::creatorId, Creator::sourceUpdatedAt, Creator::then);
        if (creators.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO creators (creator_id, handle, display_name, follower_count, source_updated_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::timestamptz[])
                     AS s(creator_id, handle, display_name, follower_count, source_updated_at)
                ORDER BY creator_id
                ON CONFLICT (creator_id) DO NOTHING;
                UPDATE creators AS t SET handle = m.handle, display_name = m.display_name,
                    follower_count = m.follower_count, source_updated_at = m.source_updated_at, synced_at = now()
                FROM (
                    SELECT s.creator_id, s.source_updated_at,
                           CASE WHEN s.has_handle THEN s.handle ELSE t.handle END AS handle,
                           CASE WHEN s.has_display_name THEN s.display_name ELSE t.display_name END AS display_name,
                           CASE WHEN s.has_follower_count THEN s.follower_count ELSE t.follower_count END
                               AS follower_count
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::timestamptz[],
                                ?::boolean[], ?::boolean[], ?::boolean[])
                         AS s(creator_id, handle, display_name, follower_count, source_updated_at,
                              has_handle, has_display_name, has_follower_count)
                    JOIN creators t ON t.creator_id = s.creator_id
                    WHERE t.source_updated_at <= s.source_updated_at
                    ORDER BY s.creator_id
                    FOR NO KEY UPDATE OF t
                ) m
                WHERE t.creator_id = m.creator_id
                  AND (t.handle, t.display_name, t.follower_count, t.source_updated_at)
                      IS DISTINCT FROM (m.handle, m.display_name, m.follower_count, m.source_updated_at)
                """)) {
            UnnestArrays inserted = new UnnestArrays(c, ps);
            bindCreators(inserted, creators);
            UnnestArrays updated = new UnnestArrays(c, ps, 6);
            bindCreators(updated, creators);
            updated.text(creators, cr -> Boolean.toString(cr.carries(Creator.Field.HANDLE)));
            updated.text(creators, cr -> Boolean.toString(cr.carries(Creator.Field.DISPLAY_NAME)));
            updated.text(creators, cr -> Boolean.toString(cr.carries(Creator.Field.FOLLOWER_COUNT)));
            ps.execute();
        }
    }

    private static void bindCreators(UnnestArrays a, List<Creator> creators) throws SQLException {
        a.text(creators, Creator::creatorId);
        a.text(creators, Creator::handle);
        a.text(creators, Creator::displayName);
        a.text(creators, cr -> PostgresPageSink.decimal(cr.followerCount()));
        a.text(creators, cr -> PageRows.instant(cr.sourceUpdatedAt()));
    }

    /** As {@link #creators}: a community named by id only keeps its stored name. */
    static void communities(Connection c, List<ContentRecord> records) throws SQLException {
        List<Community> communities = PageRows.mergedById(
                records.stream().map(ContentRecord::community).filter(Objects::nonNull).toList(),
                Community::communityId, Community::sourceUpdatedAt, Community::then);
        if (communities.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO communities (community_id, name, source_updated_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS s(community_id, name, source_updated_at)
                ORDER BY community_id
                ON CONFLICT (community_id) DO NOTHING;
                UPDATE communities AS t SET name = m.name, source_updated_at = m.source_updated_at, synced_at = now()
                FROM (
                    SELECT s.community_id, s.source_updated_at,
                           CASE WHEN s.has_name THEN s.name ELSE t.name END AS name
                    FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::boolean[])
                         AS s(community_id, name, source_updated_at, has_name)
                    JOIN communities t ON t.community_id = s.community_id
                    WHERE t.source_updated_at <= s.source_updated_at
                    ORDER BY s.community_id
                    FOR NO KEY UPDATE OF t
                ) m
                WHERE t.community_id = m.community_id
                  AND (t.name, t.source_updated_at) IS DISTINCT FROM (m.name, m.source_updated_at)
                """)) {
            UnnestArrays inserted = new UnnestArrays(c, ps);
            bindCommunities(inserted, communities);
            UnnestArrays updated = new UnnestArrays(c, ps, 4);
            bindCommunities(updated, communities);
            updated.text(communities, cm -> Boolean.toString(cm.nameCarried()));
            ps.execute();
        }
    }

    private static void bindCommunities(UnnestArrays a, List<Community> communities) throws SQLException {
        a.text(communities, Community::communityId);
        a.text(communities, Community::name);
        a.text(communities, cm -> PageRows.instant(cm.sourceUpdatedAt()));
    }
}
