package dev.tidemark.postgres;

import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.MappingReader;
import dev.tidemark.core.mapping.OrdersMapping;
import dev.tidemark.core.mapping.SchemaPlan;
import dev.tidemark.core.mapping.SchemaRefusedException;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The schema follows the mapping, on a real PostgreSQL. */
class PostgresSchemaTest {
    private static final String ORDERS = OrdersMapping.YAML;
    private static TestStack stack;
    private static PostgresSchema schema;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(PostgresSchemaTest.class);
        PostgresDatabase.migrate(stack.dataSource);
        schema = new PostgresSchema(stack.dataSource);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theDefaultMappingIsExactlyTheMigratedSchema() {
        assertThat(schema.plan(DefaultMapping.get())).isEqualTo(new SchemaPlan.Apply(java.util.List.of()));
        assertThat(schema.apply(DefaultMapping.get())).isEmpty();
    }

    @Test
    void aForeignMappingCreatesItsTablesThenAddsAColumnAndRefusesATypeChangeWritingNothing() {
        Mapping orders = MappingReader.read(ORDERS, "orders.yaml");
        assertThat(schema.apply(orders)).hasSize(7);
        assertThat(schema.apply(orders)).as("a second run has nothing to do").isEmpty();
        Sql.execute(stack.dataSource, "INSERT INTO customers (customer_id, email, source_updated_at) VALUES ('cu-1', 'a@x', now());"
                + "INSERT INTO orders (order_id, customer_id, amount, paid, receipt, labels, source_updated_at) VALUES "
                + "('1001', 'cu-1', 12345678901234567890.123456789, true, '\\x010203', '{gift}', now());"
                + "INSERT INTO labels (name) VALUES ('gift');"
                + "INSERT INTO order_labels SELECT '1001', label_id FROM labels");
        assertThat(Sql.row(stack.dataSource, "SELECT amount::text AS amount FROM orders"))
                .containsEntry("amount", "12345678901234567890.123456789");

        Mapping grown = MappingReader.read(ORDERS.replace("- {name: paid,",
                "- {name: placed_at, from: placedAt, type: timestamptz}\n    - {name: paid,"), "grown.yaml");
        assertThat(schema.apply(grown)).containsExactly("ALTER TABLE orders ADD COLUMN placed_at timestamptz");
        assertThat(columnType("orders", "placed_at")).isEqualTo("timestamptz");

        Mapping changed = MappingReader.read(ORDERS.replace("{name: amount, from: amount, type: numeric}",
                "{name: amount, from: amount, type: bigint}").replace("- {name: paid,",
                "- {name: note, from: note, type: text}\n    - {name: paid,"), "changed.yaml");
        SchemaRefusedException refused = catchThrowableOfType(SchemaRefusedException.class, () -> schema.apply(changed));
        assertThat(refused.problems()).containsExactly("orders.amount: the mapping says bigint, the table has numeric; "
                + "Tidemark does not change a column's type");
        assertThat(columnType("orders", "amount")).isEqualTo("numeric");
        assertThat(columnType("orders", "note")).as("nothing written: not even the column it could add").isNull();
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM orders")).isEqualTo(1);
    }

    private static String columnType(String table, String column) {
        Map<String, Object> row = Sql.rows(stack.dataSource, "SELECT udt_name FROM information_schema.columns WHERE "
                + "table_schema = current_schema() AND table_name = ? AND column_name = ?", table, column)
                .stream().findFirst().orElse(null);
        return row == null ? null : (String) row.get("udt_name");
    }
}
