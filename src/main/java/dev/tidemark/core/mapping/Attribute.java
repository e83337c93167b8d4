package dev.tidemark.core.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A source attribute and the other names writers have used for it: the attribute is read first, then the
 * first alias with a non-null value.
 */
public record Attribute(String name, List<String> aliases) {
    public Attribute {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
    }

    public static Attribute of(String name, String... aliases) {
        return new Attribute(name, List.of(aliases));
    }

    /** The name, then the aliases, without repeats. */
    public List<String> names() {
        List<String> names = new ArrayList<>(aliases.size() + 1);
        names.add(name);
        aliases.stream().filter(a -> !names.contains(a)).forEach(names::add);
        return List.copyOf(names);
    }
}
