package dev.tidemark.core.mapping;

import java.util.List;
import java.util.Objects;

/**
 * A set of names each item carries (today: tags), written as a set table ({@code idColumn} generated,
 * {@code valueColumn} unique) and an edge table ({@code edgeTable}: the root key column and {@code idColumn});
 * the item's set replaces the old one.
 *
 * @param from        source paths: a list or string set of strings, or one string
 * @param delimiter   splits a single string into members, or null (the string is one member)
 * @param stripPrefix removed from the start of each member, repeatedly ({@code #}), or null
 * @param lowercase   members are lower-cased (root locale)
 * @param maxLength   longer members are left out and kept as invalid
 * @param rootColumn  a {@code text[]} column of the root holding the members, denormalized, or null
 */
public record ManyToMany(String name, List<String> from, String delimiter, String stripPrefix, boolean lowercase,
                         int maxLength, String table, String idColumn, String valueColumn, String edgeTable,
                         String rootColumn) {
    public ManyToMany {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(idColumn, "idColumn");
        Objects.requireNonNull(valueColumn, "valueColumn");
        Objects.requireNonNull(edgeTable, "edgeTable");
        from = List.copyOf(from);
    }

    public String label() {
        return from.getFirst();
    }
}
