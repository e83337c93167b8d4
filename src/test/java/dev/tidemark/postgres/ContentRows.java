package dev.tidemark.postgres;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.parse.JsonValues;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;

/**
 * A page's content rows as the content upsert reads them: bound as column arrays ({@link #UNNEST}), or streamed
 * in COPY text format into a temporary table ({@link #copy}). The table lives as long as the session (one pooled
 * connection) and empties at each commit, so every page starts from an empty table and a rolled-back page leaves
 * nothing behind.
 */
public final class ContentRows {
    static final String TABLE = "tidemark_page_content";

    /** The content columns as text, in the order of {@link #UNNEST} and of {@link #TABLE}. */
    static final List<Function<ContentRecord, String>> COLUMNS = List.of(
            ContentRecord::contentId, ContentRecord::platform, ContentRecord::url, ContentRecord::caption,
            r -> PageRows.instant(r.publishedAt()), r -> PostgresPageSink.decimal(r.viewCount()),
            r -> PostgresPageSink.decimal(r.likeCount()),
            r -> r.creator() == null ? null : r.creator().creatorId(),
            r -> r.community() == null ? null : r.community().communityId(),
            r -> JsonValues.write(r.tags()), ContentRecord::metadataJson, ContentRecord::extraJson,
            r -> PageRows.instant(r.sourceUpdatedAt()), r -> PageRows.instant(r.deletedAt()));

    static final String UNNEST = """
            unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::numeric[], ?::numeric[],
                   ?::text[], ?::text[], ?::jsonb[], ?::jsonb[], ?::jsonb[], ?::timestamptz[], ?::timestamptz[])
                 AS s(content_id, platform, url, caption, published_at, view_count, like_count, creator_id,
                      community_id, tags, metadata, extra, source_updated_at, deleted_at)""";

    private ContentRows() {
    }

    static void copy(Connection c, List<ContentRecord> records) throws SQLException {
        List<Function<ContentRecord, String>> columns = COLUMNS;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + TABLE + " (content_id text, platform text, url text,"
                    + " caption text, published_at timestamptz, view_count numeric, like_count numeric,"
                    + " creator_id text, community_id text, tags jsonb, metadata jsonb, extra jsonb,"
                    + " source_updated_at timestamptz, deleted_at timestamptz) ON COMMIT DELETE ROWS");
        }
        StringBuilder text = new StringBuilder(records.size() * 256);
        for (ContentRecord r : records) {
            for (int i = 0; i < columns.size(); i++) {
                text.append(i == 0 ? "" : "\t").append(escape(columns.get(i).apply(r)));
            }
            text.append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + TABLE + " FROM STDIN",
                    new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY of a page's content rows failed", e);
        }
    }

    /** COPY text format: backslash escapes for the delimiter, line breaks and backslash; \N is NULL. */
    public static String escape(String value) {
        if (value == null) {
            return "\\N";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
