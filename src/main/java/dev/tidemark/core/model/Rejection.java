package dev.tidemark.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A source item that could not become rows, kept whole so an operator can fix and replay it.
 *
 * @param sourceKey       the item's key if one could be read, else null
 * @param sourceUpdatedAt the item's update time if one could be read, else null
 * @param reason          a stable machine-readable code, see {@link RejectionReason}
 * @param detail          a human-readable explanation naming the offending field
 * @param rawJson         the whole item as JSON that PostgreSQL's {@code jsonb} accepts
 */
public record Rejection(String sourceKey, Instant sourceUpdatedAt, RejectionReason reason, String detail,
                        String rawJson) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rawJson, "rawJson");
    }
}
