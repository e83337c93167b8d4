package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.mapping.OrdersMapping;
import dev.tidemark.core.mapping.SchemaRefusedException;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 20: a second, differently shaped table synced with a mapping file and no code change, on DynamoDB Local and
 * PostgreSQL: orders keyed by a number, updatedAt in epoch milliseconds, a customer entity, line items (jsonb),
 * 20-significant-digit amounts, a string set of labels (text[] and a many-to-many), a binary receipt (bytea), a
 * boolean and a tombstone flag. The window contract (incremental read, overlap, monotonic), quarantine and backfill
 * work on it; a column added to the mapping is added and filled; a type change is refused and nothing written.
 * Reconcile, the recent sweep, fan-out and quarantine replay on the same shape: {@link OrdersReconcileTest}.
 */
class OrdersMappingTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final String TABLE = "orders-" + UUID.randomUUID();
    private static TestStack stack;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(OrdersMappingTest.class);
        createTable(stack, TABLE);
    }

    /** An orders table: a number key, a GSI by UTC day and epoch-millisecond update time. */
    static void createTable(TestStack on, String table) {
        on.dynamoDb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("orderId").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("day").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("modifiedMs").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("orderId").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("day-modified-index")
                        .keySchema(k -> k.attributeName("day").keyType(KeyType.HASH),
                                k -> k.attributeName("modifiedMs").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Map<String, String> env(Path mapping) {
        return Map.of(TidemarkConfig.ENV_MAPPING, mapping.toString(), TidemarkConfig.ENV_TABLE, TABLE,
                TidemarkConfig.ENV_INDEX, "day-modified-index", TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT72H",
                TidemarkConfig.ENV_PAGE_SIZE, "7");
    }

    static Map<String, AttributeValue> order(long id, Instant at, String amount, List<String> labels, boolean paid) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("orderId", AttributeValue.fromN(Long.toString(id)));
        item.put("modifiedMs", AttributeValue.fromN(Long.toString(at.toEpochMilli())));
        item.put("day", AttributeValue.fromS(LocalDate.ofInstant(at, ZoneOffset.UTC).toString()));
        item.put("amount", AttributeValue.fromN(amount));
        item.put("qty", AttributeValue.fromN(Long.toString(id % 7 + 1)));
        item.put("paid", AttributeValue.fromBool(paid));
        item.put("customer", AttributeValue.fromM(Map.of("id", AttributeValue.fromS("c-" + id % 4),
                "email", AttributeValue.fromS("c" + id % 4 + "@example.com"), "tier", AttributeValue.fromS("gold"),
                "address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Lyon"))))));
        item.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                "sku", AttributeValue.fromS("sku-" + id), "n", AttributeValue.fromN("2"))))));
        item.put("labels", AttributeValue.fromSs(labels));
        item.put("receipt", AttributeValue.fromB(SdkBytes.fromByteArray(("receipt " + id).getBytes(StandardCharsets.UTF_8))));
        return item;
    }

    static Map<String, Object> scheduled() {
        Map<String, Object> event = new HashMap<>(dev.tidemark.testing.Events.load("scheduled.json"));
        event.put("id", UUID.randomUUID().toString());
        return event;
    }

    @Test
    void ordersSyncIncrementallyWithQuarantineBackfillNewColumnsAndRefusedTypeChanges() throws Exception {
        Path mapping = Files.writeString(dir.resolve("orders.yaml"), OrdersMapping.YAML);
        MutableClock clock = new MutableClock(T0);
        List<Map<String, AttributeValue>> seeded = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Two days of orders, one every 72 minutes; 20 significant digits in every amount.
            seeded.add(order(1000 + i, T0.minus(Duration.ofHours(48)).plus(Duration.ofMinutes(72L * i + 1)),
                    "123456789012345678.8" + (i % 10), List.of("gift", "l" + i % 3), i % 2 == 0));
        }
        Map<String, AttributeValue> overflow = order(2000, T0.minus(Duration.ofHours(3)), "1", List.of("x"), true);
        overflow.put("qty", AttributeValue.fromN("99999999999999999999"));
        Map<String, AttributeValue> drifted = order(2001, T0.minus(Duration.ofHours(2)), "5", List.of("x"), true);
        drifted.put("coupon", AttributeValue.fromS("WINTER"));
        List<Map<String, AttributeValue>> all = new ArrayList<>(seeded);
        all.add(overflow);
        all.add(drifted);
        SourceTables.putAll(stack.dynamoDb, TABLE, all);

        try (Tidemark app = stack.application(env(mapping)).clock(clock).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            Map<String, Object> first = handler.handleRequest(scheduled(), null);
            assertThat(first).containsEntry("status", "succeeded").containsEntry("fetched", 42)
                    .containsEntry("upserted", 41).containsEntry("quarantined", 1);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM orders")).isEqualTo(41);
            Map<String, Object> row = Sql.row(stack.dataSource, "SELECT amount, quantity, paid, city, lines::text AS lines,"
                    + " labels, receipt, customer_id, source_updated_at, deleted_at FROM orders WHERE order_id = '1003'");
            assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo("123456789012345678.83");
            assertThat(((BigDecimal) row.get("amount")).precision()).isEqualTo(20);
            assertThat(row.get("quantity")).isEqualTo(1003L % 7 + 1);
            assertThat(row.get("paid")).isEqualTo(false);
            assertThat(row.get("city")).isEqualTo("Lyon");
            assertThat(row.get("lines").toString()).contains("\"sku\": \"sku-1003\"");
            assertThat(row.get("receipt")).isEqualTo("receipt 1003".getBytes(StandardCharsets.UTF_8));
            assertThat(row.get("customer_id")).isEqualTo("c-3");
            assertThat(row.get("deleted_at")).isNull();
            assertThat(Sql.rows(stack.dataSource, "SELECT l.name FROM order_labels e JOIN labels l USING (label_id)"
                    + " WHERE e.order_id = '1003' ORDER BY 1")).extracting(r -> r.get("name")).containsExactly("gift", "l0");
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM customers WHERE email IS NOT NULL"
                    + " AND tier = 'gold'")).isEqualTo(4);
            assertThat(Sql.row(stack.dataSource, "SELECT extra->>'coupon' AS coupon FROM orders WHERE order_id = '2001'"))
                    .containsEntry("coupon", "WINTER");
            assertThat(Sql.row(stack.dataSource, "SELECT reason, source_key FROM quarantine"))
                    .containsEntry("source_key", "2000");
            Instant watermark = Instant.parse(first.get("checkpoint").toString());

            // An hour later: three orders change (one cancelled, one naming its customer by id only), one is new.
            clock.advance(Duration.ofHours(1));
            Instant changedAt = T0.plus(Duration.ofMinutes(10));
            Map<String, AttributeValue> cancelled = order(1001, changedAt, "1.5", List.of("gift"), true);
            cancelled.put("cancelled", AttributeValue.fromBool(true));
            Map<String, AttributeValue> partial = order(1002, changedAt.plusSeconds(1), "2.5", List.of("x"), true);
            partial.remove("labels"); // no labels any more: its edges go
            partial.put("customer", AttributeValue.fromM(Map.of("id", AttributeValue.fromS("c-2"))));
            Map<String, AttributeValue> relabelled = order(1005, changedAt.plusSeconds(2), "3.5", List.of("rush"), true);
            Map<String, AttributeValue> fresh = order(3000, changedAt.plusSeconds(3), "4.5", List.of("gift"), false);
            SourceTables.putAll(stack.dynamoDb, TABLE, List.of(cancelled, partial, relabelled, fresh));
            long overlap = all.stream().map(i -> Instant.ofEpochMilli(Long.parseLong(i.get("modifiedMs").n())))
                    .filter(at -> !at.isBefore(watermark.minus(app.config().overlapLag())) && at.isBefore(watermark))
                    .count();
            Map<String, Object> second = handler.handleRequest(scheduled(), null);
            assertThat(second).containsEntry("status", "succeeded").containsEntry("fetched", (int) (4 + overlap))
                    .containsEntry("upserted", 4).containsEntry("deleted", 1);
            assertThat(Sql.row(stack.dataSource, "SELECT deleted_at FROM orders WHERE order_id = '1001'").get("deleted_at"))
                    .isNotNull();
            assertThat(Sql.row(stack.dataSource, "SELECT email FROM customers WHERE customer_id = 'c-2'"))
                    .containsEntry("email", "c2@example.com");
            assertThat(Sql.rows(stack.dataSource, "SELECT l.name FROM order_labels e JOIN labels l USING (label_id)"
                    + " WHERE e.order_id = '1005'")).extracting(r -> r.get("name")).containsExactly("rush");
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM order_labels WHERE order_id = '1002'")).isZero();

            // A backfill of the first day re-reads every order there: all unchanged, nothing regresses.
            LocalDate day = LocalDate.ofInstant(T0.minus(Duration.ofHours(47)), ZoneOffset.UTC);
            // (1001, 1002 and 1005 have moved to today's partition with their new versions)
            long onDay = all.stream().filter(i -> i.get("day").s().equals(day.toString()))
                    .filter(i -> !List.of("1001", "1002", "1005").contains(i.get("orderId").n())).count();
            assertThat(onDay).isEqualTo(7);
            Map<String, Object> backfill = handler.handleRequest(Map.of("mode", "backfill", "from", day.toString(),
                    "to", day.toString()), null);
            assertThat(backfill.toString()).contains("fetched=" + onDay).contains("upserted=0");
        }

        // A column added to the mapping: the next build adds it, a backfill fills it from the source.
        Path wider = Files.writeString(dir.resolve("orders-wider.yaml"), OrdersMapping.YAML.replace(
                "{name: receipt, from: receipt, type: bytea}",
                "{name: receipt, from: receipt, type: bytea}\n    - {name: coupon, from: coupon, type: text}"));
        assertThat(wider).content().contains("coupon");
        try (Tidemark app = stack.application(env(wider)).clock(clock).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            LocalDate day = LocalDate.ofInstant(T0.minus(Duration.ofHours(2)), ZoneOffset.UTC);
            handler.handleRequest(Map.of("mode", "backfill", "from", day.toString(), "to", day.toString()), null);
            assertThat(Sql.row(stack.dataSource, "SELECT coupon FROM orders WHERE order_id = '2001'"))
                    .containsEntry("coupon", "WINTER");
        }

        // A type change is refused with one line naming the column and both types, before anything is written.
        Path retyped = Files.writeString(dir.resolve("orders-retyped.yaml"), OrdersMapping.YAML.replace(
                "{name: amount, from: amount, type: numeric}", "{name: amount, from: amount, type: text}"));
        long runs = Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs");
        String before = Sql.rows(stack.dataSource, "SELECT o::text AS row FROM orders o ORDER BY order_id").toString();
        assertThatThrownBy(() -> stack.application(env(retyped)).clock(clock).build())
                .isInstanceOf(SchemaRefusedException.class)
                .hasMessageContaining("amount").hasMessageContaining("numeric").hasMessageContaining("text");
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs")).isEqualTo(runs);
        assertThat(Sql.rows(stack.dataSource, "SELECT o::text AS row FROM orders o ORDER BY order_id").toString()).isEqualTo(before);
    }
}
