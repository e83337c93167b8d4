package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.mapping.OrdersMapping;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.QuarantineReplay;
import dev.tidemark.sync.ReconcileFanOut;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: reconcile, the recent sweep, a fanned-out pass and quarantine replay on a table that is not ours, synced
 * with a mapping file (the orders of {@link OrdersMappingTest}: number keys, {@code updatedAt} in epoch
 * milliseconds, a tombstone flag named {@code cancelled}), exactly as on the default table: late writes beyond the
 * overlap are repaired, hard deletes soft-deleted, a cancellation written late is applied, and an item quarantined
 * for an unmapped attribute passes once the mapping gains that column.
 */
class OrdersReconcileTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final String TABLE = "orders-" + UUID.randomUUID();
    /** Unmapped attributes quarantine the item, so a replay has something the mapping can fix. */
    private static final String STRICT = OrdersMapping.YAML.replace("unmapped: {policy: jsonb, column: extra}",
            "unmapped: {policy: quarantine}");
    private static TestStack stack;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(OrdersReconcileTest.class);
        OrdersMappingTest.createTable(stack, TABLE);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Tidemark app(String yaml, String file, MutableClock clock) throws Exception {
        Path mapping = Files.writeString(dir.resolve(file), yaml);
        return stack.application(Map.of(TidemarkConfig.ENV_MAPPING, mapping.toString(), TidemarkConfig.ENV_TABLE,
                TABLE, TidemarkConfig.ENV_INDEX, "day-modified-index", TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT48H",
                TidemarkConfig.ENV_PAGE_SIZE, "4", TidemarkConfig.ENV_RECONCILE_SEGMENTS, "3")).clock(clock).build();
    }

    private static Map<String, AttributeValue> order(long id, Instant at, String amount) {
        return OrdersMappingTest.order(id, at, amount, List.of("gift"), id % 2 == 0);
    }

    @Test
    void lateWritesHardDeletesAndLateCancellationsAreRepairedAndAQuarantinedOrderPassesOnceMapped() throws Exception {
        MutableClock clock = new MutableClock(T0);
        List<Map<String, AttributeValue>> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(order(1000 + i, T0.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(45L * i)), i + ".25"));
        }
        Map<String, AttributeValue> withCoupon = order(1500, T0.minus(Duration.ofHours(6)), "9.75");
        withCoupon.put("coupon", AttributeValue.fromS("WINTER"));
        orders.add(withCoupon);
        SourceTables.putAll(stack.dynamoDb, TABLE, orders);

        try (Tidemark app = app(STRICT, "orders-strict.yaml", clock)) {
            RunRecord first = app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
            assertThat(first.counts().upserted()).isEqualTo(30);
            assertThat(first.counts().quarantined()).isEqualTo(1);

            // Beyond the 5-minute overlap, where no sync looks: a late new version, a late new order, a late
            // cancellation; a row lost in PostgreSQL; an order hard-deleted at the source.
            clock.advance(Duration.ofHours(1));
            SourceTables.putAll(stack.dynamoDb, TABLE, List.of(
                    order(1005, T0.minus(Duration.ofHours(4)), "555.55"),
                    order(1100, T0.minus(Duration.ofHours(4)).plusSeconds(1), "1100.5"),
                    order(1015, T0.minus(Duration.ofHours(7)), "1515.15")));
            Map<String, AttributeValue> cancelled = order(1009, T0.minus(Duration.ofHours(5)), "9.25");
            cancelled.put("cancelled", AttributeValue.fromBool(true));
            SourceTables.putAll(stack.dynamoDb, TABLE, List.of(cancelled));
            Sql.execute(stack.dataSource, "DELETE FROM order_labels WHERE order_id = '1003'");
            Sql.execute(stack.dataSource, "DELETE FROM orders WHERE order_id = '1003'");
            stack.dynamoDb.deleteItem(d -> d.tableName(TABLE).key(Map.of("orderId", AttributeValue.fromN("1007"))));
            assertThat(app.sync().runScheduled("test", null, TimeBudget.UNLIMITED).counts().upserted()).isZero();

            // The recent sweep over the last 5.5 hours (the clock is at T0 + 1 h: from T0 − 4.5 h) catches the two
            // writes stamped T0 − 4 h, and by design neither the cancellation stamped T0 − 5 h, nor the new version
            // stamped T0 − 7 h, nor the lost row, nor the hard delete.
            RunRecord sweep = app.sync().run(new RunRequest.Reconcile(false, false, null,
                    Duration.ofHours(5).plusMinutes(30)), TimeBudget.UNLIMITED).getFirst();
            assertThat(sweep.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(sweep.reconcile().missing()).isEqualTo(1);
            assertThat(sweep.reconcile().stale()).isEqualTo(1);
            assertThat(sweep.counts().upserted()).isEqualTo(2);
            assertThat(amount("1005")).isEqualByComparingTo("555.55");
            assertThat(amount("1100")).isEqualByComparingTo("1100.5");
            assertThat(amount("1015")).isEqualByComparingTo("15.25");
            assertThat(Sql.row(stack.dataSource, "SELECT deleted_at FROM orders WHERE order_id = '1009'")
                    .get("deleted_at")).isNull();

            // The full pass finds the rest: the lost row, the hard delete, the late cancellation, the version stamped
            // T0 − 7 h (newer than its row by the epoch-millisecond sort key the Scan reads). The quarantined
            // order is neither missing nor repaired: its open quarantine entry says why it has no row.
            RunRecord pass = app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED).getFirst();
            assertThat(pass.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(pass.reconcile().missing()).isEqualTo(1);
            assertThat(pass.reconcile().stale()).isEqualTo(2);
            assertThat(pass.reconcile().deleted()).isEqualTo(1);
            assertThat(pass.reconcile().repaired()).isEqualTo(3);
            assertThat(amount("1003")).isEqualByComparingTo("3.25");
            assertThat(amount("1015")).isEqualByComparingTo("1515.15");
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM order_labels WHERE order_id = '1003'"))
                    .isEqualTo(1);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM orders WHERE deleted_at IS NOT NULL"
                    + " AND order_id IN ('1007', '1009')")).isEqualTo(2);
            assertThat(differences(List.of("1500"))).isEmpty();

            // Fanned out: the state machine's steps (plan, one piece per map item, summary) on the mapped table.
            Sql.execute(stack.dataSource, "DELETE FROM order_labels WHERE order_id = '1011'");
            Sql.execute(stack.dataSource, "DELETE FROM orders WHERE order_id = '1011'");
            stack.dynamoDb.deleteItem(d -> d.tableName(TABLE).key(Map.of("orderId", AttributeValue.fromN("1013"))));
            ReconcileFanOut.Plan plan = app.reconcileFanOut().plan(ReconcileFanOut.PREFIX + "orders-1");
            assertThat(plan.pieces()).hasSize(6);
            for (int piece : plan.pieces()) {
                assertThat(app.reconcileFanOut().piece(piece, TimeBudget.UNLIMITED).status())
                        .isEqualTo(RunStatus.SUCCEEDED);
            }
            assertThat(app.reconcileFanOut().summarize(TimeBudget.UNLIMITED).completed()).isTrue();
            assertThat(amount("1011")).isEqualByComparingTo("11.25");
            assertThat(differences(List.of("1500"))).isEmpty();
        }

        // The mapping gains the attribute the quarantined order carried: a replay writes it, no source read.
        String withCouponColumn = STRICT.replace("{name: receipt, from: receipt, type: bytea}",
                "{name: receipt, from: receipt, type: bytea}\n    - {name: coupon, from: coupon, type: text}");
        try (Tidemark app = app(withCouponColumn, "orders-coupon.yaml", clock)) {
            QuarantineReplay.Result replay = app.quarantineReplay().replay(100, null, false, "test");
            assertThat(replay.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.sourceKey()).isEqualTo("1500");
                assertThat(o.nowPasses()).isTrue();
            });
            assertThat(replay.run().counts().upserted()).isEqualTo(1);
            assertThat(Sql.row(stack.dataSource, "SELECT coupon FROM orders WHERE order_id = '1500'"))
                    .containsEntry("coupon", "WINTER");
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL")).isZero();
            assertThat(differences(List.of())).isEmpty();
        }
    }

    private static BigDecimal amount(String orderId) {
        return (BigDecimal) Sql.row(stack.dataSource, "SELECT amount FROM orders WHERE order_id = '" + orderId + "'")
                .get("amount");
    }

    /**
     * Where PostgreSQL and the source disagree: every source order (but {@code exempt}) has its row at its version,
     * soft-deleted exactly when cancelled; every row whose order is gone is soft-deleted.
     */
    private static List<String> differences(List<String> exempt) {
        Map<String, String> source = new TreeMap<>();
        stack.dynamoDb.scanPaginator(s -> s.tableName(TABLE).consistentRead(true)).items().forEach(item -> {
            boolean gone = item.containsKey("cancelled") && Boolean.TRUE.equals(item.get("cancelled").bool());
            source.put(item.get("orderId").n(), Instant.ofEpochMilli(Long.parseLong(item.get("modifiedMs").n()))
                    + (gone ? " deleted" : " live"));
        });
        Map<String, String> rows = new TreeMap<>();
        Sql.rows(stack.dataSource, "SELECT order_id, source_updated_at, deleted_at IS NOT NULL AS deleted FROM orders")
                .forEach(r -> rows.put((String) r.get("order_id"), ((Timestamp) r.get("source_updated_at")).toInstant()
                        + ((Boolean) r.get("deleted") ? " deleted" : " live")));
        List<String> differences = new ArrayList<>();
        source.forEach((id, state) -> {
            if (!exempt.contains(id) && !state.equals(rows.get(id))) {
                differences.add(id + ": source " + state + ", row " + rows.get(id));
            }
        });
        rows.forEach((id, state) -> {
            if (!source.containsKey(id) && !state.endsWith(" deleted")) {
                differences.add(id + ": gone at the source, row " + state);
            }
        });
        return differences;
    }
}
