package dev.tidemark.core.mapping;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The mapping file: a valid one becomes the model; an invalid one is refused with every problem, each with its place. */
class MappingReaderTest {

    @Test
    void aForeignTableIsReadIntoTheModel() {
        Mapping m = MappingReader.read(OrdersMapping.YAML, "orders.yaml");
        assertThat(m.source().table()).isEqualTo("orders");
        assertThat(m.source().index()).isEqualTo("day-modified-index");
        assertThat(m.source().key()).isEqualTo(Attribute.of("orderId"));
        assertThat(m.source().updatedAt()).isEqualTo(Attribute.of("modifiedMs"));
        assertThat(m.source().updatedAtFormat()).isEqualTo(TimeFormat.EPOCH_MILLIS);
        assertThat(m.source().partition()).isEqualTo(Attribute.of("day"));
        assertThat(m.source().shards()).isEqualTo(1);
        assertThat(m.source().tombstoneFlag()).isEqualTo(Attribute.of("cancelled"));
        assertThat(m.source().tombstoneTime()).as("a declared tombstone replaces the defaults").isNull();
        assertThat(m.root().keyColumn()).isEqualTo("order_id");
        assertThat(m.root().updatedAtColumn()).isEqualTo("source_updated_at");
        assertThat(m.root().columns()).extracting(ColumnSpec::name)
                .containsExactly("amount", "quantity", "paid", "city", "lines", "labels", "receipt");
        assertThat(m.root().columns()).extracting(ColumnSpec::normalizer).containsExactly(Normalizer.NUMERIC,
                Normalizer.BIGINT, Normalizer.BOOLEAN, Normalizer.TEXT, Normalizer.JSON, Normalizer.STRING_SET,
                Normalizer.BINARY);
        assertThat(m.root().columns().get(3).from()).containsExactly("customer.address.city", "city");
        assertThat(m.entities()).singleElement().satisfies(e -> {
            assertThat(e.in()).containsExactly("customer");
            assertThat(e.key().nested()).containsExactly("id");
            assertThat(e.columns()).extracting(ColumnSpec::nested).containsExactly(List.of("email"), List.of("tier"));
            assertThat(e.ignored()).containsExactly("address");
        });
        assertThat(m.sets()).singleElement().satisfies(s -> {
            assertThat(s.idColumn()).isEqualTo("label_id");
            assertThat(s.valueColumn()).as("default").isEqualTo("name");
            assertThat(s.rootColumn()).isNull();
            assertThat(s.delimiter()).isNull();
        });
        assertThat(m.unmapped()).isEqualTo(new Unmapped(Unmapped.Policy.JSONB, "extra"));
        assertThat(m.knownAttributes()).contains("orderId", "modifiedMs", "day", "cancelled", "customer",
                "customer.address.city", "customerId", "labels").doesNotContain("email");
    }

    @Test
    void shardsEpochSecondsAndTheTypesDefaultNormalizer() {
        Mapping m = MappingReader.read("""
                source:
                  updatedAt: {attribute: at, format: epoch-seconds}
                  partition: {attribute: day, shards: 4}
                root: {table: t, key: id, columns: [{name: placed_at, from: placedAt, type: timestamptz}]}
                """, "shards.yaml");
        assertThat(m.source().updatedAtFormat()).isEqualTo(TimeFormat.EPOCH_SECONDS);
        assertThat(m.source().shards()).isEqualTo(4);
        assertThat(m.root().columns().getFirst().normalizer()).isEqualTo(Normalizer.INSTANT);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() {
        String broken = """
                source:
                  updatedAt: {attribute: at, format: rfc822}
                  partition: {attribute: day, shards: 0}
                  colour: blue
                root:
                  table: Orders
                  key: order_id
                  columns:
                    - {name: total, from: total, type: numbr}
                    - {name: total, from: amount, type: numeric}
                    - {name: note, type: text}
                    - {name: doc, from: doc, type: text, normalizer: json}
                    - {name: n, from: n, type: numeric, maxLength: 3}
                    - {name: b, from: b, type: bytea, normalizer: frobnicate}
                    - {name: c, from: c, tpye: text}
                entities:
                  - {name: customer, table: customers, key: {column: id, from: id, type: bigint}, foreignKey: total}
                  - {name: other, table: customers, foreignKey: other_id, bare: nope}
                sets:
                  - {name: labels, table: labels, edgeTable: labels}
                unmapped: {policy: keep}
                """;
        MappingException e = catchThrowableOfType(MappingException.class, () -> MappingReader.read(broken, "broken.yaml"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "source.updatedAt.format: unknown format 'rfc822' (iso-8601, epoch-seconds, epoch-millis)",
                "source.partition.shards: expected a whole number of at least 1",
                "source.colour: unknown key",
                "root.table: 'Orders' is not a plain SQL name (a-z, 0-9, _; at most 63; no leading digit)",
                "root.columns[0].type: unknown type 'numbr' ([text, numeric, bigint, boolean, timestamptz, jsonb, "
                        + "text[], numeric[], bytea, bytea[]])",
                "root.columns[1].name: duplicate column 'total'",
                "root.columns[2].from: required: where the value comes from",
                "root.columns[3].normalizer: normalizer 'json' makes jsonb, the column is text",
                "root.columns[4].maxLength: only a text column has a maximum length",
                "root.columns[5].normalizer: unknown normalizer 'frobnicate' (text, numeric, bigint, boolean, instant, "
                        + "epoch-seconds, epoch-millis, json, string-set, number-set, binary, binary-set)",
                "root.columns[6].type: required",
                "root.columns[6].tpye: unknown key",
                "entities[0].key.type: a key column is text (a number key is kept in its plain text form)",
                "entities[0].foreignKey: duplicate root column 'total'",
                "entities[1].table: table 'customers' is declared twice",
                "entities[1].key: required",
                "entities[1].bare: 'nope' is none of the entity's columns",
                "entities[1].bare: a bare value needs 'in' (the attribute that holds it)",
                "sets[0].from: required: the attribute(s) holding the set",
                "sets[0].edgeTable: table 'labels' is declared twice",
                "unmapped.policy: unknown policy 'keep' (jsonb, drop, quarantine)");
        assertThat(e.getMessage()).startsWith("invalid mapping broken.yaml:\n  - ");
    }

    @Test
    void textThatIsNotAMappingIsRefusedWithItsLine() {
        assertThatThrownBy(() -> MappingReader.read("root: {table: [", "bad.yaml"))
                .isInstanceOf(MappingException.class).hasMessageContaining("not YAML").hasMessageContaining("line");
        assertThatThrownBy(() -> MappingReader.read("- a\n- b\n", "list.yaml"))
                .isInstanceOf(MappingException.class).hasMessageContaining("expected a map");
        assertThatThrownBy(() -> MappingReader.read("{}", "empty.yaml")).isInstanceOf(MappingException.class)
                .hasMessageContaining("root.table: required");
    }

    @Test
    void theSourceDefaultsAreTodaysSettings() {
        Mapping m = MappingReader.read("root: {table: t, key: id}", "minimal.yaml");
        assertThat(m.source()).isEqualTo(SourceSpec.defaults());
        assertThat(m.unmapped()).isEqualTo(new Unmapped(Unmapped.Policy.JSONB, "extra"));
        assertThat(m.entities()).isEmpty();
    }
}
