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
    private static final Class<?> READ_ONLY_VIEW = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    public SourceItem {
        // A read-only view is kept as it is, anything else copied. The DynamoDB adapter builds a fresh map for every
        // item of every page, hands it over as a view and keeps no other reference to it; copying it again was a
        // tenth of the read-ahead threads' allocation (profiled in bin/bench). Whoever passes a view must do the same.
        if (attributes.getClass() != READ_ONLY_VIEW) {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    public Object get(String name) {
        return attributes.get(name);
    }
}
