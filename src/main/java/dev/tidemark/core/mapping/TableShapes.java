package dev.tidemark.core.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables a mapping needs, in creation order (entities and set tables, then the root, then edge tables), each
 * with its columns, primary key and indexes: what {@link SchemaPlanner} compares with the live schema. For the
 * default mapping this is exactly {@code V1__canonical_schema.sql}'s content tables.
 */
final class TableShapes {
    /**
     * A column as DDL: {@code definition} is what follows the name in CREATE TABLE or ADD COLUMN; {@code addable}
     * whether ADD COLUMN can add it to existing rows; {@code indexed} whether it gets an index of its own.
     */
    record Column(String name, SqlType type, String definition, boolean addable, boolean indexed) {
        Column withIndex() {
            return new Column(name, type, definition, addable, true);
        }
    }

    record Table(String name, List<Column> columns, List<String> primaryKey, List<String> constraints) {
        String index(Column c) {
            return "CREATE INDEX " + name + "_" + c.name() + "_idx ON " + name + " (" + c.name() + ")";
        }
    }

    private TableShapes() {
    }

    static List<Table> of(Mapping m) {
        RootTable root = m.root();
        List<Table> tables = new ArrayList<>();
        for (EntityTable e : m.entities()) {
            List<Column> columns = new ArrayList<>();
            columns.add(column(e.key().name(), SqlType.TEXT, "PRIMARY KEY"));
            e.columns().forEach(c -> columns.add(column(c.name(), c.type(), "")));
            columns.add(required(EntityTable.UPDATED_AT_COLUMN, SqlType.TIMESTAMPTZ, ""));
            columns.add(column("synced_at", SqlType.TIMESTAMPTZ, "NOT NULL DEFAULT now()"));
            tables.add(new Table(e.table(), columns, List.of(e.key().name()), List.of()));
        }
        for (ManyToMany s : m.sets()) {
            tables.add(new Table(s.table(), List.of(
                    column(s.idColumn(), SqlType.BIGINT, "GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
                    required(s.valueColumn(), SqlType.TEXT, "UNIQUE")), List.of(s.idColumn()), List.of()));
        }
        List<Column> columns = new ArrayList<>();
        columns.add(column(root.keyColumn(), SqlType.TEXT, "PRIMARY KEY"));
        for (EntityTable e : m.entities()) {
            columns.add(column(e.foreignKey(), SqlType.TEXT, "REFERENCES " + e.table() + " (" + e.key().name() + ")")
                    .withIndex());
        }
        root.columns().forEach(c -> columns.add(column(c.name(), c.type(), "")));
        m.sets().stream().filter(s -> s.rootColumn() != null)
                .forEach(s -> columns.add(column(s.rootColumn(), SqlType.TEXT_ARRAY, "NOT NULL DEFAULT '{}'")));
        if (m.unmapped().column() != null) {
            columns.add(column(m.unmapped().column(), SqlType.JSONB, ""));
        }
        columns.add(required(root.updatedAtColumn(), SqlType.TIMESTAMPTZ, "").withIndex());
        columns.add(column(root.deletedAtColumn(), SqlType.TIMESTAMPTZ, ""));
        columns.add(column("first_synced_at", SqlType.TIMESTAMPTZ, "NOT NULL DEFAULT now()"));
        columns.add(column("synced_at", SqlType.TIMESTAMPTZ, "NOT NULL DEFAULT now()"));
        columns.add(column("last_run_id", SqlType.TEXT, ""));
        tables.add(new Table(root.table(), columns, List.of(root.keyColumn()), List.of()));
        for (ManyToMany s : m.sets()) {
            tables.add(new Table(s.edgeTable(), List.of(
                    required(root.keyColumn(), SqlType.TEXT, "REFERENCES " + root.table() + " (" + root.keyColumn()
                            + ") ON DELETE CASCADE"),
                    required(s.idColumn(), SqlType.BIGINT, "REFERENCES " + s.table() + " (" + s.idColumn() + ")")
                            .withIndex()),
                    List.of(root.keyColumn(), s.idColumn()),
                    List.of("PRIMARY KEY (" + root.keyColumn() + ", " + s.idColumn() + ")")));
        }
        return tables;
    }

    private static Column column(String name, SqlType type, String constraint) {
        return new Column(name, type, (type.sql() + " " + constraint).strip(), !constraint.contains("PRIMARY KEY"),
                false);
    }

    /** NOT NULL without a default: only a table Tidemark creates can have it. */
    private static Column required(String name, SqlType type, String constraint) {
        return new Column(name, type, (type.sql() + " NOT NULL " + constraint).strip(), false, false);
    }
}
