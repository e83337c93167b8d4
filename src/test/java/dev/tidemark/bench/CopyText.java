package dev.tidemark.bench;

import dev.tidemark.postgres.ContentRows;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.parse.JsonValues;

import java.math.BigDecimal;
import java.time.Instant;

/** Rows in PostgreSQL's COPY text format: tab-separated, backslash escapes, \N for null. */
final class CopyText {
    private CopyText() {
    }

    static void content(StringBuilder out, ContentRecord r) {
        out.append(escape(r.contentId())).append('\t')
                .append(escape(r.platform())).append('\t')
                .append(escape(r.url())).append('\t')
                .append(escape(r.caption())).append('\t')
                .append(instant(r.publishedAt())).append('\t')
                .append(decimal(r.viewCount())).append('\t')
                .append(decimal(r.likeCount())).append('\t')
                .append(escape(r.creator() == null ? null : r.creator().creatorId())).append('\t')
                .append(escape(r.community() == null ? null : r.community().communityId())).append('\t')
                .append(escape(array(r.tags()))).append('\t')
                .append(escape(r.metadataJson())).append('\t')
                .append(escape(r.extraJson())).append('\t')
                .append(instant(r.sourceUpdatedAt())).append('\t')
                .append(instant(r.deletedAt())).append('\t')
                .append("bench-copy").append('\n');
    }

    static String escape(String s) {
        return ContentRows.escape(s);
    }

    /** A text[] literal; JSON string quoting is valid array-element quoting for these plain tag names. */
    private static String array(java.util.List<String> tags) {
        String json = JsonValues.write(tags);
        return "{" + json.substring(1, json.length() - 1) + "}";
    }

    private static String instant(Instant i) {
        return i == null ? "\\N" : i.toString();
    }

    private static String decimal(BigDecimal d) {
        return d == null ? "\\N" : d.toPlainString();
    }
}
