package dev.tidemark.dynamodb;

import dev.tidemark.core.mapping.TimeFormat;

import java.util.Objects;

/**
 * The source contract: a base table keyed by content id, and a GSI whose partition key is the UTC date of
 * {@code updatedAt} ({@code YYYY-MM-DD}, or {@code YYYY-MM-DD#n} with {@code partitionShards > 1}, the writer
 * picking {@code n < partitionShards}) and whose sort key is {@code updatedAt} itself (ISO-8601 UTC,
 * millisecond precision, or an epoch number: {@code sortFormat}), projecting all attributes. All names are
 * configuration.
 */
public record SourceTable(String tableName, String indexName, String keyAttribute, String partitionAttribute,
                          String sortAttribute, int partitionShards, TimeFormat sortFormat) {

    /** An ISO-8601 sort key. */
    public SourceTable(String tableName, String indexName, String keyAttribute, String partitionAttribute,
                       String sortAttribute, int partitionShards) {
        this(tableName, indexName, keyAttribute, partitionAttribute, sortAttribute, partitionShards,
                TimeFormat.ISO_8601);
    }

    /** The unsharded shape: one partition key value per day. */
    public SourceTable(String tableName, String indexName, String keyAttribute, String partitionAttribute,
                       String sortAttribute) {
        this(tableName, indexName, keyAttribute, partitionAttribute, sortAttribute, 1);
    }

    public SourceTable {
        if (partitionShards < 1) {
            throw new IllegalArgumentException("partitionShards must be at least 1, was " + partitionShards);
        }
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(indexName, "indexName");
        Objects.requireNonNull(keyAttribute, "keyAttribute");
        Objects.requireNonNull(partitionAttribute, "partitionAttribute");
        Objects.requireNonNull(sortAttribute, "sortAttribute");
        Objects.requireNonNull(sortFormat, "sortFormat");
    }

    /** The same table read (or written) with {@code shards} shards per day. */
    public SourceTable withShards(int shards) {
        return new SourceTable(tableName, indexName, keyAttribute, partitionAttribute, sortAttribute, shards,
                sortFormat);
    }
}
