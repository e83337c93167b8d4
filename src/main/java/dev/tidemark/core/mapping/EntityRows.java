package dev.tidemark.core.mapping;

import dev.tidemark.core.parse.SourceValues;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An entity an item names, read the way {@link EntityTable} declares it: flat paths first, then the names inside the
 * entity's map; or a bare string under the entity's attribute; the key falling back to a lower-cased column.
 */
final class EntityRows {
    private EntityRows() {
    }

    /** The entity's row, or null when the item names none (no readable key). */
    static TableRow read(EntityTable e, ItemValues item, Instant updatedAt) {
        Object whole = e.in().isEmpty() ? null : item.first(e.in());
        Map<?, ?> nested = whole instanceof Map<?, ?> map ? map : null;
        if (nested != null) {
            nested.forEach((k, v) -> {
                if (!names(e, String.valueOf(k))) {
                    item.nestedUnknown.put(e.inLabel() + "." + k, v);
                }
            });
        }
        String key = (String) item.column(e.key(), item.firstOrNested(e.key(), nested));
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> carried = new LinkedHashSet<>();
        List<ColumnSpec> columns = e.columns();
        for (int i = 0; i < columns.size(); i++) { // indexed: runs per item, see ItemValues.first
            ColumnSpec c = columns.get(i);
            Object value = item.column(c, item.firstOrNested(c, nested));
            boolean bare = c.name().equals(e.bare()) && whole instanceof String;
            if (bare) {
                value = bareValue(e, c, item, (String) whole, value);
            }
            values.put(c.name(), value);
            if (bare || item.carries(c, nested)) {
                carried.add(c.name());
            }
        }
        if (whole != null && nested == null && !(e.bare() != null && whole instanceof String)) {
            item.invalid(e.inLabel(), whole, "expected a map" + (e.bare() == null ? "" : " or a string")
                    + ", found " + Normalizers.typeName(whole));
        }
        if (key == null && e.fallbackKey() != null && values.get(e.fallbackKey()) instanceof String fallback) {
            String label = e.columns().stream().filter(c -> c.name().equals(e.fallbackKey())).findFirst()
                    .map(ColumnSpec::label).orElse(e.fallbackKey());
            key = (String) item.column(e.key(), fallback.toLowerCase(Locale.ROOT), label);
        }
        return key == null ? null : new TableRow(e.table(), key, updatedAt, values, carried);
    }

    /** Whether the entity's declaration names this key inside its map (a handful of names: scanned, not hashed). */
    private static boolean names(EntityTable e, String name) {
        if (e.key().nested().contains(name) || e.ignored().contains(name)) {
            return true;
        }
        List<ColumnSpec> columns = e.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).nested().contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A bare string names the entity by this column: it is the value unless one was given elsewhere (then it is
     * kept as shadowed when it says something else).
     */
    private static Object bareValue(EntityTable e, ColumnSpec c, ItemValues item, String bare, Object given) {
        if (given == null) {
            return item.column(c, bare, e.inLabel());
        }
        if (!Objects.equals(SourceValues.text(bare), given)) {
            item.shadowed.put(e.inLabel(), bare);
        }
        return given;
    }
}
