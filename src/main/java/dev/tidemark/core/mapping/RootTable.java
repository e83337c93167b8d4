package dev.tidemark.core.mapping;

import java.util.List;
import java.util.Objects;

/**
 * The table with one row per source item. Its key comes from {@link SourceSpec#key}, its update time from
 * {@link SourceSpec#updatedAt}, its tombstone from the source's tombstone attributes.
 *
 * @param keyColumn       the primary key column ({@code text}: the key exactly as the source has it, a number
 *                        key in its canonical plain form)
 * @param updatedAtColumn the {@code timestamptz} column every write is monotonic on
 * @param deletedAtColumn the soft-delete {@code timestamptz} column
 */
public record RootTable(String table, String keyColumn, String updatedAtColumn, String deletedAtColumn,
                        List<ColumnSpec> columns) {
    /** Columns Tidemark keeps on every root row besides the mapped ones (not mappable). */
    public static final List<String> BOOKKEEPING = List.of("first_synced_at", "synced_at", "last_run_id");

    public RootTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(updatedAtColumn, "updatedAtColumn");
        Objects.requireNonNull(deletedAtColumn, "deletedAtColumn");
        columns = List.copyOf(columns);
    }
}
