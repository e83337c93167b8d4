package dev.tidemark.core.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables as they are in the database (read from {@code information_schema} by the PostgreSQL adapter), the part
 * schema planning needs: each table's columns with their catalog type name ({@code udt_name}: {@code int8},
 * {@code _text}, ...) and its primary key columns.
 */
public record LiveSchema(Map<String, Table> tables) {
    public LiveSchema {
        tables = Map.copyOf(tables);
    }

    public record Table(Map<String, String> columnTypes, List<String> primaryKey) {
        public Table {
            columnTypes = Map.copyOf(columnTypes);
            primaryKey = List.copyOf(primaryKey);
        }
    }

    public Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }
}
