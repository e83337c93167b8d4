package dev.tidemark.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source item as plain Java values, free of SDK types: {@code String}, {@code BigDecimal} (DynamoDB
 * numbers are exact decimals, never doubles), {@code Boolean}, {@code byte[]}, {@code List}, {@code Map},
 * {@code Set} and {@code null}. The DynamoDB adapter builds these; the parser reads them.
 */
public record SourceItem(Map<String, Object> attributes) {
    public SourceItem {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public Object get(String name) {
        return attributes.get(name);
    }
}
