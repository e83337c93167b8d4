package dev.tidemark.core.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.core.SourceItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quarantined item's raw JSON back into a {@link SourceItem}, so it can be parsed again by the current
 * parser. Numbers come back as exact {@link java.math.BigDecimal}s, as the DynamoDB adapter makes them.
 */
public final class SourceItems {
    private SourceItems() {
    }

    public static SourceItem fromJson(String rawJson) {
        JsonNode node;
        try {
            node = JsonValues.MAPPER.readTree(rawJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("quarantined raw item is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("quarantined raw item is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) plain(node);
        return new SourceItem(attributes);
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(v -> list.add(plain(v)));
            return list;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }
}
