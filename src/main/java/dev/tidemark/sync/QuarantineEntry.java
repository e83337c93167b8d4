package dev.tidemark.sync;

import java.time.Instant;

/** One {@code quarantine} row: an item the parser rejected, kept whole, open until a replay resolves it. */
public record QuarantineEntry(long id, String runId, String sourceKey, Instant sourceUpdatedAt, String reason,
                              String detail, String rawJson, Instant quarantinedAt, Instant resolvedAt,
                              String resolvedByRun) {

    public boolean open() {
        return resolvedAt == null;
    }
}
