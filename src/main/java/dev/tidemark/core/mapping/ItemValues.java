package dev.tidemark.core.mapping;

import dev.tidemark.core.parse.TextSanitizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item's attributes read through a mapping's source paths, remembering what it could not use, so nothing the
 * source said is lost: values a column could not read ({@code invalid}), a second alias holding something else
 * than the one used ({@code shadowed}), unknown keys inside an entity's map ({@code nestedUnknown}), and the first
 * refusal (which quarantines the item).
 */
final class ItemValues {
    private final Map<String, Object> attributes;
    final Map<String, Object> invalid = new LinkedHashMap<>();
    /** Why each value under {@link #invalid} could not be used, by the same label. */
    final Map<String, String> unreadable = new LinkedHashMap<>();
    final Map<String, Object> shadowed = new LinkedHashMap<>();
    final Map<String, Object> nestedUnknown = new LinkedHashMap<>();
    String refusal;

    ItemValues(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    /** The value at a path: an attribute of that exact name, else the dotted path through maps. */
    Object get(String path) {
        Object literal = attributes.get(path);
        if (literal != null || path.indexOf('.') < 0) {
            return literal;
        }
        Object current = attributes;
        for (String segment : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    /** Whether the item has the path at all: an explicit NULL counts, an absent attribute does not. */
    boolean has(String path) {
        if (attributes.containsKey(path) || path.indexOf('.') < 0) {
            return attributes.containsKey(path);
        }
        int dot = path.lastIndexOf('.');
        return get(path.substring(0, dot)) instanceof Map<?, ?> parent && parent.containsKey(path.substring(dot + 1));
    }

    /** The first path with a non-null value; other paths holding something different are kept as shadowed. */
    Object first(List<String> paths) {
        // Indexed loops, here and below: this runs for every column of every item, and the iterators a for-each
        // allocates were a tenth of the mapper's allocation (profiled in bin/bench).
        int used = -1;
        Object value = null;
        for (int i = 0; i < paths.size() && used < 0; i++) {
            value = get(paths.get(i));
            used = value != null ? i : -1;
        }
        if (used < 0) {
            return null;
        }
        for (int i = used + 1; i < paths.size(); i++) {
            Object otherValue = get(paths.get(i));
            if (otherValue != null && !Objects.equals(otherValue, value)) {
                shadowed.put(paths.get(i), otherValue);
            }
        }
        return value;
    }

    /** A column's source paths, else its names inside the entity's map. */
    Object firstOrNested(ColumnSpec column, Map<?, ?> nested) {
        Object value = first(column.from());
        if (value == null && nested != null) {
            List<String> names = column.nested();
            for (int i = 0; i < names.size(); i++) {
                Object inside = nested.get(names.get(i));
                if (inside != null) {
                    return inside;
                }
            }
        }
        return value;
    }

    boolean carries(ColumnSpec column, Map<?, ?> nested) {
        List<String> paths = column.from();
        for (int i = 0; i < paths.size(); i++) {
            if (has(paths.get(i))) {
                return true;
            }
        }
        if (nested != null) {
            List<String> names = column.nested();
            for (int i = 0; i < names.size(); i++) {
                if (nested.containsKey(names.get(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The column's value of {@code raw}, or null: an unreadable value is kept under {@code label} in the notes, a
     * refused one remembered (the first refusal quarantines the item).
     */
    Object column(ColumnSpec column, Object raw, String label) {
        Normalized result = column.normalizer().apply(raw);
        if (result instanceof Normalized.Value(Object v) && column.maxLength() != null
                && v instanceof String s && s.length() > column.maxLength()) {
            result = Normalized.invalid("longer than " + column.maxLength());
        }
        return switch (result) {
            case Normalized.Value(Object v) -> v;
            case Normalized.Null n -> {
                if (n.noted()) {
                    invalid(label, raw, n.note());
                }
                yield null;
            }
            case Normalized.Refused(String reason) -> {
                if (refusal == null) {
                    refusal = label + ": " + reason;
                }
                yield null;
            }
        };
    }

    /** Keeps a value the mapping could not use, and why, under {@code label}. */
    void invalid(String label, Object raw, String reason) {
        invalid.put(label, raw);
        unreadable.put(label, reason);
    }

    Object column(ColumnSpec column, Object raw) {
        return column(column, raw, column.label());
    }

    /** Null and blank strings are "absent", not invalid. */
    static boolean isSomething(Object raw) {
        return raw != null && !(raw instanceof String s && TextSanitizer.clean(s) == null);
    }
}
