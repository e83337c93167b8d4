package dev.tidemark.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** Binds parallel text arrays column by column; unnest pads unequal arrays with NULLs, so lengths are checked. */
final class UnnestArrays {
    private final Connection connection;
    private final PreparedStatement statement;
    private int index;
    private int length = -1;

    UnnestArrays(Connection connection, PreparedStatement statement) {
        this(connection, statement, 1);
    }

    UnnestArrays(Connection connection, PreparedStatement statement, int firstIndex) {
        this.connection = connection;
        this.statement = statement;
        this.index = firstIndex;
    }

    <T> void text(List<T> rows, Function<T, String> column) throws SQLException {
        if (length >= 0 && rows.size() != length) {
            throw new IllegalStateException("column arrays of unequal length: " + rows.size() + " vs " + length);
        }
        length = rows.size();
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        statement.setArray(index++, connection.createArrayOf("text", values));
    }
}
