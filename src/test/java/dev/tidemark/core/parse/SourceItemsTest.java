package dev.tidemark.core.parse;

import dev.tidemark.core.SourceItem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A quarantined raw item read back for a replay is the item the parser first saw: exact numbers included. */
class SourceItemsTest {

    @Test
    void rawJsonComesBackAsThePlainValuesOfTheOriginalItem() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("contentId", "post-1");
        attributes.put("followerCount", new BigDecimal("123456789012345678901234567890.000000001"));
        attributes.put("views", new BigDecimal("9007199254740993"));
        attributes.put("deleted", false);
        attributes.put("caption", null);
        attributes.put("tags", List.of("#a", "#b"));
        attributes.put("metadata", Map.of("lang", "en"));

        SourceItem back = SourceItems.fromJson(JsonValues.write(attributes));

        assertThat(back.attributes()).containsExactlyEntriesOf(attributes);
        assertThat((BigDecimal) back.get("followerCount")).isEqualTo(new BigDecimal("123456789012345678901234567890.000000001"));
        assertThat((BigDecimal) back.get("views")).isEqualTo(new BigDecimal("9007199254740993"));
    }

    @Test
    void somethingThatIsNoJsonObjectIsAClearError() {
        assertThatThrownBy(() -> SourceItems.fromJson("[1, 2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quarantined raw item is not a JSON object");
        assertThatThrownBy(() -> SourceItems.fromJson("{nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("quarantined raw item is not JSON");
    }
}
