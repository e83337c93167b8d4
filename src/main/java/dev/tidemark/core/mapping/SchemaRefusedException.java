package dev.tidemark.core.mapping;

import java.util.List;

/** A mapping the database cannot follow safely; nothing was changed. Each problem is one line naming the column. */
public final class SchemaRefusedException extends RuntimeException {
    private final List<String> problems;

    public SchemaRefusedException(List<String> problems) {
        super("the schema cannot follow the mapping, nothing was changed:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
