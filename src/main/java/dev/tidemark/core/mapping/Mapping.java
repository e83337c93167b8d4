package dev.tidemark.core.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pipeline's shape, declared: the source, the root table, the entity tables written before it, the
 * many-to-many sets and what happens to unmapped attributes. Read from a file by {@link MappingReader}; today's
 * model is {@link DefaultMapping}.
 *
 * @param ignored top-level attributes that are known but not stored (not drift)
 */
public record Mapping(SourceSpec source, RootTable root, List<EntityTable> entities, List<ManyToMany> sets,
                      Unmapped unmapped, List<String> ignored) {
    public Mapping {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(unmapped, "unmapped");
        entities = List.copyOf(entities);
        sets = List.copyOf(sets);
        ignored = List.copyOf(ignored);
    }

    /** The top-level attribute names the mapping reads (the first segment of every path), in declaration order. */
    public List<String> knownAttributes() {
        List<String> known = new ArrayList<>(source.names());
        root.columns().forEach(c -> c.from().forEach(p -> addPath(known, p)));
        for (EntityTable e : entities) {
            known.addAll(e.in());
            e.key().from().forEach(p -> addPath(known, p));
            e.columns().forEach(c -> c.from().forEach(p -> addPath(known, p)));
        }
        sets.forEach(s -> s.from().forEach(p -> addPath(known, p)));
        known.addAll(ignored);
        return known.stream().distinct().toList();
    }

    /** Every table the mapping writes: the root, the entity tables, each set's table and edge table. */
    public List<String> tableNames() {
        List<String> names = new ArrayList<>();
        names.add(root.table());
        entities.forEach(e -> names.add(e.table()));
        sets.forEach(s -> {
            names.add(s.table());
            names.add(s.edgeTable());
        });
        return List.copyOf(names);
    }

    /** A dotted path names its first segment, and the attribute of that whole name (it is found first). */
    private static void addPath(List<String> known, String path) {
        known.add(head(path));
        known.add(path);
    }

    private static String head(String path) {
        return path.split("\\.", 2)[0];
    }
}
