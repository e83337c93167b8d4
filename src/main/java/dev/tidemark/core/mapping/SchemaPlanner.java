package dev.tidemark.core.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Mapping + live schema → the DDL that makes the database fit the mapping, or a refusal. Creates the tables a
 * mapping names and adds the columns it gains; refuses what it cannot apply safely: a column whose type differs,
 * a table whose key differs, a missing column that must be NOT NULL with no default. Never drops or changes a column,
 * and columns the mapping does not name stay as they are. A refusal plans nothing, so nothing is half applied.
 */
public final class SchemaPlanner {
    private SchemaPlanner() {
    }

    public static SchemaPlan plan(Mapping mapping, LiveSchema live) {
        List<String> statements = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TableShapes.Table table : TableShapes.of(mapping)) {
            LiveSchema.Table existing = live.table(table.name()).orElse(null);
            if (existing == null) {
                statements.add(create(table));
                table.columns().stream().filter(TableShapes.Column::indexed).forEach(c -> statements.add(table.index(c)));
            } else {
                alter(table, existing, statements, problems);
            }
        }
        return problems.isEmpty() ? new SchemaPlan.Apply(statements) : new SchemaPlan.Refused(problems);
    }

    private static String create(TableShapes.Table table) {
        List<String> parts = new ArrayList<>();
        table.columns().forEach(c -> parts.add(c.name() + " " + c.definition()));
        parts.addAll(table.constraints());
        return "CREATE TABLE " + table.name() + " (" + String.join(", ", parts) + ")";
    }

    private static void alter(TableShapes.Table table, LiveSchema.Table existing, List<String> statements,
                              List<String> problems) {
        if (!existing.primaryKey().equals(table.primaryKey())) {
            problems.add(table.name() + ": the mapping's key is (" + String.join(", ", table.primaryKey())
                    + "), the table's primary key is (" + String.join(", ", existing.primaryKey())
                    + "); Tidemark does not change a table's key");
        }
        for (TableShapes.Column c : table.columns()) {
            String liveType = existing.columnTypes().get(c.name());
            if (liveType == null) {
                if (c.addable()) {
                    statements.add("ALTER TABLE " + table.name() + " ADD COLUMN " + c.name() + " " + c.definition());
                    if (c.indexed()) {
                        statements.add(table.index(c));
                    }
                } else {
                    problems.add(table.name() + "." + c.name() + ": missing, and a " + c.type()
                            + " column that must not be NULL cannot be added to rows Tidemark did not write");
                }
            } else if (!liveType.equals(c.type().udtName())) {
                problems.add(table.name() + "." + c.name() + ": the mapping says " + c.type() + ", the table has "
                        + SqlType.named(liveType).map(SqlType::sql).orElse(liveType)
                        + "; Tidemark does not change a column's type");
            }
        }
    }
}
