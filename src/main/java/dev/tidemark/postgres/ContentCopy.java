package dev.tidemark.postgres;

import dev.tidemark.core.model.ContentRecord;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;

/**
 * The COPY variant of a page's content rows: streamed in COPY text format into a temporary table the upsert then
 * reads. The table lives as long as the session (one pooled connection) and empties at each commit, so every
 * page starts from an empty table and a rolled-back page leaves nothing behind.
 */
final class ContentCopy {
    static final String TABLE = "tidemark_page_content";

    private ContentCopy() {
    }

    static void load(Connection c, List<ContentRecord> records, List<Function<ContentRecord, String>> columns)
            throws SQLException {
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
    private static String escape(String value) {
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
