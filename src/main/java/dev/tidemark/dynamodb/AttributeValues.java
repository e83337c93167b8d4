package dev.tidemark.dynamodb;

import dev.tidemark.core.SourceItem;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB attribute values → the plain values of {@link SourceItem}. Numbers become {@link BigDecimal}
 * straight from DynamoDB's decimal string (up to 38 digits), so nothing passes through a double.
 */
public final class AttributeValues {
    private AttributeValues() {
    }

    /** The item, its attribute map handed over as a read-only view (see {@link SourceItem}: not copied again). */
    public static SourceItem toSourceItem(Map<String, AttributeValue> item) {
        return new SourceItem(Collections.unmodifiableMap(toMap(item)));
    }

    static Map<String, Object> toMap(Map<String, AttributeValue> item) {
        Map<String, Object> out = LinkedHashMap.newLinkedHashMap(item.size());
        item.forEach((k, v) -> out.put(k, toPlain(v)));
        return out;
    }

    static Object toPlain(AttributeValue v) {
        return switch (v.type()) {
            case S -> v.s();
            case N -> new BigDecimal(v.n());
            case BOOL -> v.bool();
            case NUL -> null;
            case B -> v.b().asByteArray();
            case M -> toMap(v.m());
            case L -> {
                List<Object> list = new ArrayList<>(v.l().size());
                v.l().forEach(e -> list.add(toPlain(e)));
                yield list;
            }
            case SS -> new LinkedHashSet<>(v.ss());
            case NS -> {
                Set<BigDecimal> numbers = new LinkedHashSet<>();
                v.ns().forEach(n -> numbers.add(new BigDecimal(n)));
                yield numbers;
            }
            case BS -> {
                List<byte[]> bytes = new ArrayList<>();
                v.bs().forEach(b -> bytes.add(b.asByteArray()));
                yield bytes;
            }
            case UNKNOWN_TO_SDK_VERSION -> v.toString();
        };
    }
}
