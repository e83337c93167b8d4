package dev.tidemark.core.parse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One item's attributes read through the alias table, remembering everything it could not use so that
 * nothing the source said is lost: a value of the wrong type or an unreadable one (kept under
 * {@code extra.invalid}), a second alias whose value differs from the one used ({@code extra.shadowed}),
 * and unknown names inside a nested {@code creator}/{@code community} map (drift, like top-level ones).
 */
final class ItemReader {
    /**
     * Longest creator id, community id or tag name kept. They are primary or unique keys, and a b-tree
     * entry over ~2700 bytes makes PostgreSQL abort the statement, the whole page with it; 500 characters
     * is at most 2000 bytes of UTF-8.
     */
    static final int MAX_INDEXED_CHARS = 500;

    private final Map<String, Object> attributes;
    private final Map<String, Object> invalid = new LinkedHashMap<>();
    private final Map<String, Object> shadowed = new LinkedHashMap<>();
    private final Map<String, Object> nestedUnknown = new LinkedHashMap<>();

    ItemReader(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    /** The value under the configured name if it has one, else under the first alias that has one. */
    Object raw(String configured, FieldAliases field) {
        String used = configured != null && attributes.get(configured) != null ? configured
                : field.find(attributes).map(Map.Entry::getKey).orElse(null);
        if (used == null) {
            return null;
        }
        Object value = attributes.get(used);
        List<String> names = new ArrayList<>(field.names());
        if (configured != null) {
            names.add(configured);
        }
        for (String other : names) {
            Object otherValue = attributes.get(other);
            if (!other.equals(used) && otherValue != null && !Objects.equals(otherValue, value)) {
                shadowed.put(other, otherValue);
            }
        }
        return value;
    }

    Object raw(FieldAliases field) {
        return raw(null, field);
    }

    /** A flat field, else the same thing inside the nested map ({@code creator.id} for {@code creatorId}). */
    Object rawOrNested(FieldAliases flat, Map<String, Object> nested, String nestedField) {
        Object value = raw(flat);
        if (value == null && nested != null) {
            for (String name : FieldAliases.NESTED.get(nestedField)) {
                if (nested.get(name) != null) {
                    return nested.get(name);
                }
            }
        }
        return value;
    }

    /**
     * Whether the item has the field at all, flat under any alias or inside the nested map: an explicit NULL
     * counts (the writer said "none"), an absent attribute does not (the writer did not say).
     */
    boolean carries(FieldAliases flat, Map<String, Object> nested, String nestedField) {
        if (flat.names().stream().anyMatch(attributes::containsKey)) {
            return true;
        }
        return nested != null && FieldAliases.NESTED.get(nestedField).stream().anyMatch(nested::containsKey);
    }

    /** The nested map under {@code creator}/{@code community}; its unknown keys are kept as drift. */
    @SuppressWarnings("unchecked")
    Map<String, Object> nested(FieldAliases field) {
        if (!(raw(field) instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, Object> nested = (Map<String, Object>) map;
        nested.forEach((k, v) -> {
            if (FieldAliases.NESTED.values().stream().noneMatch(names -> names.contains(k))) {
                nestedUnknown.put(field.names().getFirst() + "." + k, v);
            }
        });
        return nested;
    }

    /** Clean text of a scalar; a map, list, set or binary where text belongs is kept as invalid. */
    String text(Object raw, String label) {
        if (raw != null && !SourceValues.isScalar(raw)) {
            invalid.put(label, raw);
            return null;
        }
        return SourceValues.text(raw);
    }

    String text(FieldAliases field) {
        return text(raw(field), field.names().getFirst());
    }

    /** Text used as a key in PostgreSQL: longer than {@link #MAX_INDEXED_CHARS} is kept as invalid. */
    String id(Object raw, String label) {
        String text = text(raw, label);
        if (text != null && text.length() > MAX_INDEXED_CHARS) {
            invalid.put(label, raw);
            return null;
        }
        return text;
    }

    BigDecimal number(Object raw, String label) {
        return read(raw, label, SourceValues::number);
    }

    BigDecimal number(FieldAliases field) {
        return number(raw(field), field.names().getFirst());
    }

    Instant instant(Object raw, String label) {
        return read(raw, label, SourceValues::instant);
    }

    Instant instant(FieldAliases field) {
        return instant(raw(field), field.names().getFirst());
    }

    private <T> T read(Object raw, String label, Function<Object, Optional<T>> reader) {
        Optional<T> value = reader.apply(raw);
        if (value.isEmpty() && SourceValues.isSomething(raw)) {
            invalid.put(label, raw);
        }
        return value.orElse(null);
    }

    void invalid(String label, Object raw) {
        invalid.put(label, raw);
    }

    /** Keeps {@code other} under {@code extra.shadowed} when it says something else than {@code used}; returns used. */
    String shadow(String label, String other, String used) {
        if (!Objects.equals(SourceValues.text(other), used)) {
            shadowed.put(label, other);
        }
        return used;
    }

    Map<String, Object> invalid() {
        return invalid;
    }

    Map<String, Object> shadowed() {
        return shadowed;
    }

    Map<String, Object> nestedUnknown() {
        return nestedUnknown;
    }
}
