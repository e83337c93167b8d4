package dev.tidemark.core.mapping;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.model.RejectionReason;
import dev.tidemark.core.parse.JsonValues;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping-driven parser on a table that is not ours: orders keyed by a number, updatedAt in epoch millis. */
class RecordMapperTest {
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");

    private static Map<String, Object> order(Object... namesAndValues) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("orderId", new BigDecimal("1001"));
        item.put("modifiedMs", new BigDecimal(AT.toEpochMilli()));
        item.put("day", "2026-11-22");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return item;
    }

    private static MappedOutcome map(String mapping, Map<String, Object> item) {
        return new RecordMapper(MappingReader.read(mapping, "test.yaml")).map(new SourceItem(item));
    }

    private static MappedOutcome.Mapped mapped(Map<String, Object> item) {
        MappedOutcome outcome = map(OrdersMapping.YAML, item);
        assertThat(outcome).isInstanceOf(MappedOutcome.Mapped.class);
        return (MappedOutcome.Mapped) outcome;
    }

    private static Rejection rejected(String mapping, Map<String, Object> item) {
        MappedOutcome outcome = map(mapping, item);
        assertThat(outcome).isInstanceOf(MappedOutcome.Rejected.class);
        return ((MappedOutcome.Rejected) outcome).rejection();
    }

    @Test
    void aWholeOrderBecomesItsRows() {
        byte[] receipt = {1, 2, 3};
        MappedOutcome.Mapped m = mapped(order(
                "amount", new BigDecimal("12345678901234567890.00"),
                "qty", new BigDecimal("3"),
                "paid", true,
                "customer", Map.of("id", "cu-7", "email", "a@example.com", "address", Map.of("city", "Lyon")),
                "lines", List.of(Map.of("sku", "A-1", "price", new BigDecimal("0.10000000000000000001"))),
                "labels", new LinkedHashSet<>(List.of("gift", "rush")),
                "receipt", receipt,
                "cancelled", false));
        TableRow root = m.root();
        assertThat(root.table()).isEqualTo("orders");
        assertThat(root.key()).as("a number key in its canonical text form").isEqualTo("1001");
        assertThat(root.sourceUpdatedAt()).isEqualTo(AT);
        assertThat(root.value("amount")).isEqualTo(new BigDecimal("12345678901234567890.00"));
        assertThat(root.value("quantity")).isEqualTo(3L);
        assertThat(root.value("paid")).isEqualTo(true);
        assertThat(root.value("city")).as("a nested path").isEqualTo("Lyon");
        assertThat(json(root.value("lines"))).isEqualTo(json("[{\"sku\":\"A-1\",\"price\":0.10000000000000000001}]"));
        assertThat(root.value("labels")).isEqualTo(List.of("gift", "rush"));
        assertThat((byte[]) root.value("receipt")).containsExactly(1, 2, 3);
        assertThat(root.value("customer_id")).isEqualTo("cu-7");
        assertThat(root.value("deleted_at")).isNull();
        assertThat(root.value("extra")).isNull();
        assertThat(m.entities()).singleElement().satisfies(c -> {
            assertThat(c.table()).isEqualTo("customers");
            assertThat(c.key()).isEqualTo("cu-7");
            assertThat(c.values()).containsEntry("email", "a@example.com").containsEntry("tier", null);
            assertThat(c.carried()).as("the item said nothing about the tier: it keeps its stored value")
                    .containsExactly("email");
        });
        assertThat(m.sets()).containsExactly(new MappedOutcome.SetMembers("labels", List.of("gift", "rush")));
        assertThat(m.drift()).isEmpty();
    }

    @Test
    void aTombstoneFlagDeletesAtTheUpdateTime() {
        assertThat(mapped(order("cancelled", true)).root().value("deleted_at")).isEqualTo(AT);
    }

    @Test
    void unreadableValuesAreNullAndKeptAsNotesAndUnmappedAttributesAreDrift() {
        MappedOutcome.Mapped m = mapped(order("amount", "12k", "paid", "maybe", "labels", "one",
                "customer", Map.of("id", "cu-1", "vip", true), "coupon", "SAVE10", "invalid", "mine"));
        assertThat(m.root().value("amount")).isNull();
        assertThat(m.root().value("paid")).isNull();
        assertThat(m.root().value("labels")).isNull();
        assertThat(m.sets().getFirst().members()).as("a set also reads one string").containsExactly("one");
        assertThat(m.drift()).containsExactlyInAnyOrder("coupon", "invalid", "customer.vip");
        assertThat(json(m.root().value("extra"))).isEqualTo(json("""
                {"coupon":"SAVE10","invalid~source":"mine","customer.vip":true,
                 "invalid":{"amount":"12k","paid":"maybe","labels":"one"}}"""));
    }

    @Test
    void aBigintOverflowQuarantinesTheItem() {
        Rejection r = rejected(OrdersMapping.YAML, order("qty", new BigDecimal("9223372036854775808")));
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_VALUE);
        assertThat(r.sourceKey()).isEqualTo("1001");
        assertThat(r.sourceUpdatedAt()).isEqualTo(AT);
        assertThat(r.detail()).isEqualTo("qty: bigint overflow: 9223372036854775808 is outside -2^63..2^63-1");
    }

    @Test
    void anUpdateTimeNotInTheDeclaredFormatQuarantinesTheItem() {
        Rejection r = rejected(OrdersMapping.YAML, order("modifiedMs", "2026-11-22T10:15:30.123Z"));
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_UPDATED_AT);
        assertThat(r.detail()).isEqualTo("update time is not epoch-millis in years 1..9999: 2026-11-22T10:15:30.123Z");
        assertThat(rejected(OrdersMapping.YAML, order("orderId", null)).reason()).isEqualTo(RejectionReason.MISSING_KEY);
    }

    @Test
    void theUnmappedPolicyDecidesWhereDriftGoes() {
        String quarantine = OrdersMapping.YAML.replace("unmapped: {policy: jsonb, column: extra}", "unmapped: {policy: quarantine}");
        Rejection r = rejected(quarantine, order("coupon", "SAVE10"));
        assertThat(r.reason()).isEqualTo(RejectionReason.UNMAPPED_ATTRIBUTE);
        assertThat(r.detail()).isEqualTo("attributes the mapping does not name: coupon");
        assertThat(map(quarantine, order())).isInstanceOf(MappedOutcome.Mapped.class);

        String drop = OrdersMapping.YAML.replace("unmapped: {policy: jsonb, column: extra}", "unmapped: {policy: drop}");
        MappedOutcome.Mapped dropped = (MappedOutcome.Mapped) map(drop, order("coupon", "SAVE10"));
        assertThat(dropped.drift()).containsExactly("coupon");
        assertThat(dropped.root().values()).doesNotContainKey("extra");
    }

    @Test
    void anEntityMapOfTheWrongTypeIsANoteAndNoEntity() {
        MappedOutcome.Mapped m = mapped(order("customer", "just a name"));
        assertThat(m.entities()).isEmpty();
        assertThat(m.root().value("customer_id")).isNull();
        assertThat(json(m.root().value("extra")).at("/invalid/customer").asText()).isEqualTo("just a name");
    }

    @Test
    void anAttributeNamedWithADotIsFoundBeforeThePath() {
        MappedOutcome.Mapped m = mapped(order("customer.address.city", "Nantes",
                "customer", Map.of("id", "c", "address", Map.of("city", "Lyon"))));
        assertThat(m.root().value("city")).isEqualTo("Nantes");
        assertThat(m.root().value("extra")).as("nothing unmapped, nothing shadowed").isNull();
        assertThat(m.drift()).isEmpty();
        assertThat(m.root().carried()).containsExactlyElementsOf(m.root().values().keySet());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Object text) {
        try {
            return JsonValues.MAPPER.readTree((String) text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
