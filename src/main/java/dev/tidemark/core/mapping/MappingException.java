package dev.tidemark.core.mapping;

import java.util.List;

/** A mapping that cannot work, with every problem found in it, each naming its place ({@code root.columns[3].type}). */
public final class MappingException extends RuntimeException {
    private final List<String> problems;

    public MappingException(String source, List<String> problems) {
        super("invalid mapping " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
