package dev.tidemark.testing;

import dev.tidemark.core.Checkpoint;
import dev.tidemark.sync.CheckpointStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checkpoint's promise, checked against the real source and the real store. */
public final class Invariants {
    private Invariants() {
    }

    /**
     * The checkpoint is never ahead of committed data: every source item stamped below the watermark is in
     * PostgreSQL at that version or a newer one. Returns the violations.
     */
    public static List<String> checkpointViolations(CheckpointStore checkpoints, SourceItems source, DataSource ds) {
        Optional<Checkpoint> checkpoint = checkpoints.read();
        List<String> violations = new ArrayList<>();
        if (checkpoint.isEmpty()) {
            return violations;
        }
        Instant watermark = checkpoint.get().watermark();
        Map<String, SourceItems.Row> rows = SourceItems.rows(ds);
        for (Map.Entry<String, Map<String, AttributeValue>> e : source.all().entrySet()) {
            Instant updatedAt = SourceItems.updatedAt(e.getValue());
            if (!updatedAt.isBefore(watermark)) {
                continue;
            }
            SourceItems.Row row = rows.get(e.getKey());
            if (row == null || row.sourceUpdatedAt().isBefore(updatedAt)) {
                violations.add(e.getKey() + " (updatedAt " + updatedAt + ") is below the checkpoint " + watermark
                        + " but PostgreSQL has " + (row == null ? "no row" : row.sourceUpdatedAt()));
            }
        }
        return violations;
    }
}
