package dev.tidemark.core;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceItemTest {

    @Test
    void aMapThatIsNotAReadOnlyViewIsCopiedSoLaterChangesDoNotReachTheItem() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("contentId", "c1");
        SourceItem item = new SourceItem(attributes);
        attributes.put("caption", "added afterwards");
        assertThat(item.attributes()).containsOnlyKeys("contentId");
        assertThatThrownBy(() -> item.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aReadOnlyViewIsTakenAsItIsAndStaysReadOnly() {
        Map<String, Object> view = Collections.unmodifiableMap(new LinkedHashMap<>(Map.of("contentId", "c1")));
        SourceItem item = new SourceItem(view);
        assertThat(item.attributes()).isSameAs(view);
        assertThatThrownBy(() -> item.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
