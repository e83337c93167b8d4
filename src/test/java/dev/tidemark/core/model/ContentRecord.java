package dev.tidemark.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One source item in canonical form, ready for PostgreSQL: every string sanitized, every number exact,
 * every instant UTC.
 *
 * @param metadataJson the item's metadata as a JSON document PostgreSQL's {@code jsonb} accepts, or null
 * @param extraJson    fields the parser does not know (schema drift), as a JSON object, or null if none
 * @param tags         normalized tag names, de-duplicated, in first-seen order; the row's full tag set
 * @param deletedAt    set when the source carries a tombstone
 */
public record ContentRecord(
        String contentId,
        Instant sourceUpdatedAt,
        String platform,
        String url,
        String caption,
        Instant publishedAt,
        BigDecimal viewCount,
        BigDecimal likeCount,
        Creator creator,
        Community community,
        List<String> tags,
        String metadataJson,
        String extraJson,
        Instant deletedAt) {

    public ContentRecord {
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(sourceUpdatedAt, "sourceUpdatedAt");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
