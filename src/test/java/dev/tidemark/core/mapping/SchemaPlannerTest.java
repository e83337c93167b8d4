package dev.tidemark.core.mapping;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Mapping + live schema → DDL or a refusal, on the orders mapping. */
class SchemaPlannerTest {
    private static final Mapping ORDERS = MappingReader.read(OrdersMapping.YAML, "orders.yaml");

    private static List<String> statements(Mapping mapping, LiveSchema live) {
        SchemaPlan plan = SchemaPlanner.plan(mapping, live);
        assertThat(plan).isInstanceOf(SchemaPlan.Apply.class);
        return ((SchemaPlan.Apply) plan).statements();
    }

    private static List<String> problems(Mapping mapping, LiveSchema live) {
        SchemaPlan plan = SchemaPlanner.plan(mapping, live);
        assertThat(plan).isInstanceOf(SchemaPlan.Refused.class);
        return ((SchemaPlan.Refused) plan).problems();
    }

    /** The live schema the mapping would have once created, with the given changes applied to the orders table. */
    private static LiveSchema created(Map<String, String> ordersChanges, List<String> ordersKey) {
        Map<String, LiveSchema.Table> tables = new HashMap<>();
        tables.put("customers", new LiveSchema.Table(Map.of("customer_id", "text", "email", "text", "tier", "text",
                "source_updated_at", "timestamptz", "synced_at", "timestamptz"), List.of("customer_id")));
        tables.put("labels", new LiveSchema.Table(Map.of("label_id", "int8", "name", "text"), List.of("label_id")));
        Map<String, String> orders = new HashMap<>(Map.ofEntries(Map.entry("order_id", "text"),
                Map.entry("customer_id", "text"), Map.entry("amount", "numeric"), Map.entry("quantity", "int8"),
                Map.entry("paid", "bool"), Map.entry("city", "text"), Map.entry("lines", "jsonb"),
                Map.entry("labels", "_text"), Map.entry("receipt", "bytea"), Map.entry("extra", "jsonb"),
                Map.entry("source_updated_at", "timestamptz"), Map.entry("deleted_at", "timestamptz"),
                Map.entry("first_synced_at", "timestamptz"), Map.entry("synced_at", "timestamptz"),
                Map.entry("last_run_id", "text")));
        ordersChanges.forEach((column, type) -> {
            if (type == null) {
                orders.remove(column);
            } else {
                orders.put(column, type);
            }
        });
        tables.put("orders", new LiveSchema.Table(orders, ordersKey));
        tables.put("order_labels", new LiveSchema.Table(Map.of("order_id", "text", "label_id", "int8"),
                List.of("order_id", "label_id")));
        return new LiveSchema(tables);
    }

    @Test
    void anEmptyDatabaseGetsEveryTableEntitiesFirstAndEdgesLast() {
        assertThat(statements(ORDERS, new LiveSchema(Map.of()))).containsExactly(
                "CREATE TABLE customers (customer_id text PRIMARY KEY, email text, tier text, "
                        + "source_updated_at timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE labels (label_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE)",
                "CREATE TABLE orders (order_id text PRIMARY KEY, customer_id text REFERENCES customers (customer_id), "
                        + "amount numeric, quantity bigint, paid boolean, city text, lines jsonb, labels text[], "
                        + "receipt bytea, extra jsonb, source_updated_at timestamptz NOT NULL, deleted_at timestamptz, "
                        + "first_synced_at timestamptz NOT NULL DEFAULT now(), synced_at timestamptz NOT NULL DEFAULT now(), "
                        + "last_run_id text)",
                "CREATE INDEX orders_customer_id_idx ON orders (customer_id)",
                "CREATE INDEX orders_source_updated_at_idx ON orders (source_updated_at)",
                "CREATE TABLE order_labels (order_id text NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE, "
                        + "label_id bigint NOT NULL REFERENCES labels (label_id), PRIMARY KEY (order_id, label_id))",
                "CREATE INDEX order_labels_label_id_idx ON order_labels (label_id)");
    }

    @Test
    void aCurrentSchemaNeedsNothingAndColumnsTheMappingDoesNotNameStay() {
        assertThat(statements(ORDERS, created(Map.of(), List.of("order_id")))).isEmpty();
        assertThat(statements(ORDERS, created(Map.of("legacy_note", "text"), List.of("order_id")))).isEmpty();
    }

    @Test
    void aColumnTheMappingGainsIsAdded() {
        Map<String, String> withoutTwo = new HashMap<>();
        withoutTwo.put("receipt", null);
        withoutTwo.put("customer_id", null);
        assertThat(statements(ORDERS, created(withoutTwo, List.of("order_id")))).containsExactly(
                "ALTER TABLE orders ADD COLUMN customer_id text REFERENCES customers (customer_id)",
                "CREATE INDEX orders_customer_id_idx ON orders (customer_id)",
                "ALTER TABLE orders ADD COLUMN receipt bytea");
    }

    @Test
    void aTypeChangeADifferentKeyOrAMissingRequiredColumnIsRefusedAndNothingPlanned() {
        Map<String, String> changes = new HashMap<>();
        changes.put("amount", "float8");
        changes.put("quantity", "numeric");
        changes.put("receipt", null);
        changes.put("source_updated_at", null);
        assertThat(problems(ORDERS, created(changes, List.of("id")))).containsExactly(
                "orders: the mapping's key is (order_id), the table's primary key is (id); Tidemark does not change a table's key",
                "orders.amount: the mapping says numeric, the table has float8; Tidemark does not change a column's type",
                "orders.quantity: the mapping says bigint, the table has numeric; Tidemark does not change a column's type",
                "orders.source_updated_at: missing, and a timestamptz column that must not be NULL cannot be added to "
                        + "rows Tidemark did not write");
    }
}
