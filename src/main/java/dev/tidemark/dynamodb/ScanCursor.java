package dev.tidemark.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Scan's {@code LastEvaluatedKey} as text, so a reconcile piece can persist where it stopped and the next
 * invocation continue there: {@code {"contentId":{"S":"post-1"}}}. Key attributes are strings, numbers or binary.
 */
final class ScanCursor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScanCursor() {
    }

    static String encode(Map<String, AttributeValue> key) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        key.forEach((name, v) -> out.put(name, v.s() != null ? Map.of("S", v.s())
                : v.n() != null ? Map.of("N", v.n())
                : Map.of("B", Base64.getEncoder().encodeToString(v.b().asByteArray()))));
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode a scan cursor", e);
        }
    }

    static Map<String, AttributeValue> decode(String cursor) {
        Map<String, Map<String, String>> in;
        try {
            in = JSON.readValue(cursor, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a scan cursor: " + cursor, e);
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        in.forEach((name, v) -> key.put(name, v.containsKey("S") ? AttributeValue.fromS(v.get("S"))
                : v.containsKey("N") ? AttributeValue.fromN(v.get("N"))
                : AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(
                        Base64.getDecoder().decode(v.get("B"))))));
        return key;
    }
}
