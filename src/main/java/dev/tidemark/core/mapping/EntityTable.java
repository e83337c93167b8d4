package dev.tidemark.core.mapping;

import java.util.List;
import java.util.Objects;

/**
 * A table written before the root, one row per distinct entity an item names (today: creators, communities),
 * referenced from the root by {@code foreignKey}. A partial entity keeps the fields it does not carry: a column
 * whose source paths are all absent from an item (not even an explicit NULL) keeps its stored value.
 *
 * @param in          attributes that may hold the whole entity as a map (read through the columns'
 *                    {@code nested} names; its other keys are drift) or as a bare string (the value of
 *                    {@code bare}); the first non-null one is used. Empty if the entity is only flat
 * @param bare        the column a bare string under {@code in} fills, or null
 * @param key         the entity's key column and where it comes from
 * @param fallbackKey when the item carries no key: this column's value, lower-cased, is the key; or null
 * @param foreignKey  the root's column holding this entity's key
 * @param ignored     names inside the entity's map that are known but not stored (not drift)
 */
public record EntityTable(String name, String table, List<String> in, String bare, ColumnSpec key,
                          String fallbackKey, String foreignKey, List<ColumnSpec> columns, List<String> ignored) {
    /** The entity's monotonic update time: the update time of the newest item that named it. */
    public static final String UPDATED_AT_COLUMN = "source_updated_at";
    /** Columns Tidemark keeps on every entity row besides the mapped ones (not mappable). */
    public static final List<String> BOOKKEEPING = List.of(UPDATED_AT_COLUMN, "synced_at");

    public EntityTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(foreignKey, "foreignKey");
        in = List.copyOf(in);
        columns = List.copyOf(columns);
        ignored = List.copyOf(ignored);
    }

    /** The label notes about the {@code in} attribute use: its first name. */
    public String inLabel() {
        return in.isEmpty() ? name : in.getFirst();
    }
}
