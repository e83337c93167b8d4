package dev.tidemark.testing;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical tables as data, without what says when or by which run a row was written: two syncs of the same
 * source that end in equal snapshots left PostgreSQL in the same state.
 */
public final class CanonicalState {
    private static final List<String> QUERIES = List.of(
            "SELECT creator_id, handle, display_name, follower_count, source_updated_at FROM creators ORDER BY 1",
            "SELECT community_id, name, source_updated_at FROM communities ORDER BY 1",
            "SELECT name FROM tags ORDER BY 1",
            "SELECT content_id, platform, url, caption, published_at, view_count, like_count, creator_id, community_id,"
                    + " tags, metadata, extra, source_updated_at, deleted_at FROM content ORDER BY 1",
            "SELECT ct.content_id, t.name FROM content_tags ct JOIN tags t USING (tag_id) ORDER BY 1, 2",
            "SELECT source_key, source_updated_at, reason, fingerprint, resolved_at IS NULL AS open FROM quarantine"
                    + " ORDER BY fingerprint, reason");

    private CanonicalState() {
    }

    public static List<String> snapshot(DataSource ds) {
        List<String> rows = new ArrayList<>();
        for (String query : QUERIES) {
            Sql.rows(ds, query).forEach(r -> rows.add(query.substring(0, Math.min(40, query.length())) + " | " + r));
        }
        return rows;
    }

    public static void truncate(DataSource ds) {
        Sql.execute(ds, "TRUNCATE content, content_tags, creators, communities, tags, quarantine");
    }
}
