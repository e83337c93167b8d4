package dev.tidemark.core.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The PostgreSQL column types a mapping can declare. {@code udtName} is how {@code information_schema.columns}
 * names the type ({@code udt_name}), so schema planning can compare a declared column with the live one.
 */
public enum SqlType {
    TEXT("text", "text"),
    NUMERIC("numeric", "numeric"),
    BIGINT("bigint", "int8"),
    BOOLEAN("boolean", "bool"),
    TIMESTAMPTZ("timestamptz", "timestamptz"),
    JSONB("jsonb", "jsonb"),
    TEXT_ARRAY("text[]", "_text"),
    NUMERIC_ARRAY("numeric[]", "_numeric"),
    BYTEA("bytea", "bytea"),
    BYTEA_ARRAY("bytea[]", "_bytea");

    private final String sql;
    private final String udtName;

    SqlType(String sql, String udtName) {
        this.sql = sql;
        this.udtName = udtName;
    }

    /** The type as DDL spells it. */
    public String sql() {
        return sql;
    }

    public String udtName() {
        return udtName;
    }

    /** A type name as a mapping file spells it ({@code text}, {@code numeric[]}, ...), or as the catalog does. */
    public static Optional<SqlType> named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.sql.equals(n) || t.udtName.equals(n)).findFirst();
    }

    @Override
    public String toString() {
        return sql;
    }
}
