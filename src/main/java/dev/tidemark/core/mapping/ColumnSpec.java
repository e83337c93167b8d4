package dev.tidemark.core.mapping;

import java.util.List;
import java.util.Objects;

/**
 * One mapped column: where its value comes from, its PostgreSQL type and the normalizer that makes the value.
 *
 * @param from       source paths in order of preference; the first with a non-null value wins. A path is an
 *                   attribute name, or a dotted path into maps ({@code creator.handle}); an attribute whose
 *                   name itself holds the dot is found first
 * @param nested     for an entity's columns: names inside the entity's own map (see {@link EntityTable#in}),
 *                   tried when no {@code from} path has a value; empty otherwise
 * @param maxLength  for {@code text}: longer values become NULL (the original kept as invalid), or null for no
 *                   limit. Keys and unique values want 500: a b-tree entry over ~2700 bytes aborts the statement
 */
public record ColumnSpec(String name, List<String> from, List<String> nested, SqlType type, Normalizer normalizer,
                         Integer maxLength) {
    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(normalizer, "normalizer");
        from = List.copyOf(from);
        nested = List.copyOf(nested);
    }

    public static ColumnSpec of(String name, SqlType type, String... from) {
        return new ColumnSpec(name, List.of(from), List.of(), type, Normalizer.defaultFor(type), null);
    }

    /** The name a value of this column is kept under in the item's notes when it cannot be read. */
    public String label() {
        return from.isEmpty() ? name : from.getFirst();
    }
}
