package dev.tidemark.core.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The DynamoDB side of a pipeline: the table, its date-partitioned GSI and the attributes that carry the
 * key, the update time, the day partition and tombstones.
 *
 * @param partition      the GSI partition attribute (the UTC day of {@code updatedAt}, {@code YYYY-MM-DD} or
 *                       {@code YYYY-MM-DD#n}); routing only, never stored
 * @param shards         day-key shards per day, at least 1
 * @param tombstoneFlag  a boolean-like attribute marking the item deleted, or null for none
 * @param tombstoneTime  an instant attribute saying when it was deleted, or null for none
 */
public record SourceSpec(String table, String index, Attribute key, Attribute updatedAt, TimeFormat updatedAtFormat,
                         Attribute partition, int shards, Attribute tombstoneFlag, Attribute tombstoneTime) {
    public SourceSpec {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedAtFormat, "updatedAtFormat");
        Objects.requireNonNull(partition, "partition");
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
    }

    /** Today's source contract (the {@code TIDEMARK_*} source settings' defaults). */
    public static SourceSpec defaults() {
        return new SourceSpec("tidemark-source", "updatedDate-updatedAt-index",
                Attribute.of("contentId"), Attribute.of("updatedAt"), TimeFormat.ISO_8601,
                Attribute.of("updatedDate"), 1, Attribute.of("deleted"), Attribute.of("deletedAt"));
    }

    /** Every source name these attributes use: never drift. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Attribute a : new Attribute[] {key, updatedAt, partition, tombstoneFlag, tombstoneTime}) {
            if (a != null) {
                names.addAll(a.names());
            }
        }
        return List.copyOf(names);
    }
}
