package dev.tidemark.core.mapping;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One row a mapped item writes to one table.
 *
 * @param key             the row's key ({@code text})
 * @param sourceUpdatedAt the item's update time: every write of the row is monotonic on it
 * @param values          column → value in the column's Java form (see {@link Normalized.Value}), null for SQL NULL;
 *                        every mapped column of the table, in the mapping's order; the key not among them
 * @param carried         the columns the item carried (an explicit DynamoDB NULL counts, an absent attribute does
 *                        not). A root row carries every column; an entity row writes only these and keeps the others
 */
public record TableRow(String table, String key, Instant sourceUpdatedAt, Map<String, Object> values,
                       Set<String> carried) {
    public TableRow {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sourceUpdatedAt, "sourceUpdatedAt");
        // A read-only view, not a copy: every row of every page is built once and handed over here (the mapper
        // builds fresh maps per item and never touches them again), and copying them cost a quarter of the
        // mapper's time. Whoever builds a row must not change the maps afterwards.
        values = Collections.unmodifiableMap(values);
        carried = Collections.unmodifiableSet(carried);
    }

    public Object value(String column) {
        return values.get(column);
    }
}
