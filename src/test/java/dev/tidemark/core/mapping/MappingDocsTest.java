package dev.tidemark.core.mapping;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.core.parse.SourceItems;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The example in docs/mapping.md is a valid mapping, and its sample item becomes the rows the page says. */
class MappingDocsTest {

    @Test
    void theDocumentedExampleMapsTheDocumentedItemAsDescribed() throws IOException {
        String page = Files.readString(Path.of("docs/mapping.md"));
        Mapping mapping = MappingReader.read(block(page, "yaml"), "docs/mapping.md");
        Map<String, Object> attributes = new LinkedHashMap<>(SourceItems.fromJson(block(page, "json")).attributes());
        attributes.put("receiptPdf", Base64.getDecoder().decode((String) attributes.get("receiptPdf")));
        MappedOutcome outcome = new RecordMapper(mapping).map(new SourceItem(attributes));

        assertThat(outcome).isInstanceOf(MappedOutcome.Mapped.class);
        MappedOutcome.Mapped m = (MappedOutcome.Mapped) outcome;
        TableRow order = m.root();
        assertThat(order.table()).isEqualTo("orders");
        assertThat(order.key()).isEqualTo("1001");
        assertThat(order.sourceUpdatedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(order.value("total")).isEqualTo(new BigDecimal("12345678901234567890.55"));
        assertThat(order.value("item_count")).isEqualTo(3L);
        assertThat(order.value("paid")).isEqualTo(true);
        assertThat(order.value("placed_at")).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(json(order.value("line_items"))).isEqualTo(json("[{\"sku\":\"A-1\",\"qty\":2,\"price\":0.10000000000000000001}]"));
        assertThat(order.value("labels")).isEqualTo(List.of("Gift", "#rush"));
        assertThat(order.value("label_names")).isEqualTo(List.of("gift", "rush"));
        assertThat(new String((byte[]) order.value("receipt"), java.nio.charset.StandardCharsets.US_ASCII)).startsWith("%PDF");
        assertThat(order.value("ship_city")).isEqualTo("Lyon");
        assertThat(order.value("customer_id")).isEqualTo("cu-7");
        assertThat(order.value("deleted_at")).isNull();
        assertThat(json(order.value("extra"))).isEqualTo(json("{\"couponCode\":\"SAVE10\",\"customer.tier\":\"gold\"}"));
        assertThat(m.drift()).containsExactlyInAnyOrder("couponCode", "customer.tier");
        assertThat(m.entities()).singleElement().satisfies(c -> {
            assertThat(c.table()).isEqualTo("customers");
            assertThat(c.key()).isEqualTo("cu-7");
            assertThat(c.value("email")).isEqualTo("a@example.com");
            assertThat(c.carried()).containsExactly("email");
        });
        assertThat(m.sets()).containsExactly(new MappedOutcome.SetMembers("labels", List.of("gift", "rush")));
        assertThat(SchemaPlanner.plan(mapping, new LiveSchema(Map.of()))).isInstanceOf(SchemaPlan.Apply.class);
    }

    private static String block(String page, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("a ```%s block in docs/mapping.md", language).isTrue();
        return m.group(1);
    }

    private static Object json(Object text) {
        try {
            return JsonValues.MAPPER.readTree((String) text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
