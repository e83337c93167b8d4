package dev.tidemark.core.mapping;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.RejectionReason;
import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.core.parse.TextSanitizer;
import dev.tidemark.testing.MessyItems;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping-driven parser on a foreign mapping (orders) and adversarial items: always rows or a rejection with a
 * data reason, never an exception or UNPARSEABLE; every row value storable in its column's type.
 */
class RecordMapperProperties {
    private static final RecordMapper ORDERS = new RecordMapper(MappingReader.read(OrdersMapping.YAML, "orders.yaml"));

    @Property(tries = 2000)
    void everyItemBecomesRowsOrARejectionWithADataReason(@ForAll("orders") SourceItem item) throws Exception {
        MappedOutcome outcome = ORDERS.map(item);
        Statistics.label("outcome").collect(outcome instanceof MappedOutcome.Rejected r ? r.rejection().reason().name()
                : "MAPPED");
        switch (outcome) {
            case MappedOutcome.Mapped m -> {
                assertThat(TextSanitizer.isStorableAsIs(m.root().key())).isTrue();
                for (ColumnSpec c : ORDERS.mapping().root().columns()) {
                    Object v = m.root().value(c.name());
                    if (v instanceof String s) {
                        assertThat(TextSanitizer.isStorableAsIs(s)).as(c.name()).isTrue();
                    }
                    if (v != null && c.type() == SqlType.JSONB) {
                        assertThat(JsonValues.MAPPER.readTree((String) v)).isNotNull();
                    }
                }
                if (m.root().value("extra") != null) {
                    assertThat(JsonValues.MAPPER.readTree((String) m.root().value("extra")).isObject()).isTrue();
                }
                m.entities().forEach(e -> assertThat(TextSanitizer.isStorableAsIs(e.key())).isTrue());
                m.sets().forEach(s -> s.members().forEach(x -> assertThat(TextSanitizer.isStorableAsIs(x)).isTrue()));
            }
            case MappedOutcome.Rejected r -> {
                assertThat(r.rejection().reason()).isNotEqualTo(RejectionReason.UNPARSEABLE);
                assertThat(JsonValues.MAPPER.readTree(r.rejection().rawJson()).isObject()).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<SourceItem> orders() {
        Arbitrary<Object> millis = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(0, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
                        .map(l -> (Object) BigDecimal.valueOf(l))),
                net.jqwik.api.Tuple.of(1, MessyItems.values()));
        Arbitrary<Object> field = MessyItems.values();
        Arbitrary<String> names = Arbitraries.of("amount", "qty", "paid", "city", "lines", "labels", "receipt",
                "customer", "customerId", "customerTier", "cancelled", "coupon");
        return net.jqwik.api.Combinators.combine(MessyItems.keys(), millis,
                net.jqwik.api.Combinators.combine(names, field).as(net.jqwik.api.Tuple::of).list().ofMaxSize(8))
                .as((key, at, pairs) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("orderId", key);
                    item.put("modifiedMs", at);
                    pairs.forEach(p -> item.put(p.get1(), p.get2()));
                    return new SourceItem(item);
                });
    }

}
