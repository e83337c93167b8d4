package dev.tidemark.dynamodb;

import java.util.Objects;

/**
 * The source contract: a base table keyed by content id, and a GSI whose partition key is the UTC date of
 * {@code updatedAt} ({@code YYYY-MM-DD}) and whose sort key is {@code updatedAt} itself (ISO-8601 UTC,
 * millisecond precision), projecting all attributes. All names are configuration.
 */
public record SourceTable(String tableName, String indexName, String keyAttribute, String partitionAttribute,
                          String sortAttribute) {
    public SourceTable {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(indexName, "indexName");
        Objects.requireNonNull(keyAttribute, "keyAttribute");
        Objects.requireNonNull(partitionAttribute, "partitionAttribute");
        Objects.requireNonNull(sortAttribute, "sortAttribute");
    }
}
