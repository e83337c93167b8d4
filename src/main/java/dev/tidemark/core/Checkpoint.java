package dev.tidemark.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The committed position of the sync: every source change with {@code updatedAt < watermark} that was
 * visible when {@code runId} read its window has been committed to PostgreSQL.
 *
 * <p>This is the "committed offset" of kafka-connect-jdbc's querier; the running position inside a run
 * lives only in memory and is never persisted until every page up to it has committed.
 */
public record Checkpoint(Instant watermark, String runId, Instant committedAt) {
    public Checkpoint {
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(committedAt, "committedAt");
    }
}
