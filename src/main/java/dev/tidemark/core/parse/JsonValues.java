package dev.tidemark.core.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonGenerator;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * JSON for PostgreSQL's {@code jsonb}: numbers stay exact decimals (never doubles), every string is passed
 * through {@link TextSanitizer#preserve} so NUL and lone surrogates cannot reach the database.
 */
public final class JsonValues {
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            // "{...} trailing words" is not JSON: kept as the string it is rather than silently cut.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private JsonValues() {
    }

    /** A plain source value ({@link dev.tidemark.core.SourceItem} vocabulary) as a sanitized JSON tree. */
    public static JsonNode toNode(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case String s -> NODES.textNode(TextSanitizer.preserve(s));
            case BigDecimal d -> number(d);
            case Number n -> number(n.toString());
            case Boolean b -> NODES.booleanNode(b);
            case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case Map<?, ?> map -> {
                ObjectNode node = NODES.objectNode();
                map.forEach((k, v) -> put(node, String.valueOf(k), toNode(v)));
                yield node;
            }
            case Collection<?> items -> {
                ArrayNode node = NODES.arrayNode();
                items.forEach(v -> node.add(toNode(v)));
                yield node;
            }
            case JsonNode node -> sanitize(node);
            default -> NODES.textNode(TextSanitizer.preserve(value.toString()));
        };
    }

    /** A copy of a parsed JSON tree with every key and string sanitized. */
    static JsonNode sanitize(JsonNode node) {
        if (node.isTextual()) {
            return NODES.textNode(TextSanitizer.preserve(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.properties().forEach(e -> put(copy, e.getKey(), sanitize(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(v -> copy.add(sanitize(v)));
            return copy;
        }
        if (node.isBigDecimal()) {
            return number(node.decimalValue());
        }
        return node;
    }

    /** An exact number, or its text where PostgreSQL's numeric could not hold it (or holding it would take megabytes). */
    private static JsonNode number(BigDecimal d) {
        return SourceValues.fitsNumeric(d) ? NODES.numberNode(d) : NODES.textNode(d.toString());
    }

    private static JsonNode number(String text) {
        try {
            return number(new BigDecimal(text));
        } catch (NumberFormatException nonFinite) {
            return NODES.textNode(text);
        }
    }

    /**
     * Sanitizing can make two keys equal ("a\u0000" and "a\uFFFD"); the later one gets a suffix instead of
     * silently replacing the earlier value.
     */
    private static void put(ObjectNode node, String rawKey, JsonNode value) {
        String key = TextSanitizer.preserve(rawKey);
        String unique = key;
        for (int n = 2; node.has(unique); n++) {
            unique = key + "~" + n;
        }
        node.set(unique, value);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    public static String write(Object plainValue) {
        return write(toNode(plainValue));
    }
}
