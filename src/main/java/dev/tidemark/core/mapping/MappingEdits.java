package dev.tidemark.core.mapping;

import java.util.List;
import java.util.Optional;

/**
 * Edits of a mapping file's text that keep everything else as written (comments, order, layout): the line a
 * promoted drift field becomes, added to the root's {@code columns} list. Pure.
 */
public final class MappingEdits {
    private MappingEdits() {
    }

    /** The mapping line that stores the drift field {@code field} in its own column. */
    public static String columnLine(String field, String column, SqlType type) {
        return "{name: " + column + ", from: \"" + field.replace("\\", "\\\\").replace("\"", "\\\"") + "\", type: "
                + (type.sql().endsWith("]") ? "\"" + type.sql() + "\"" : type.sql()) + "}";
    }

    /**
     * The text with one more root column, as a block-list item after the last one (indented like the others).
     *
     * @return empty when the root's columns are not a block list this edit can extend (the file then has to be
     *         edited by hand)
     */
    public static Optional<String> addRootColumn(String text, String field, String column, SqlType type) {
        List<String> lines = text.lines().toList();
        int root = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("root:\\s*(#.*)?")) {
                root = i;
            }
        }
        if (root < 0) {
            return Optional.empty();
        }
        int columns = -1;
        for (int i = root + 1; i < lines.size() && !topLevel(lines.get(i)); i++) {
            if (lines.get(i).matches("\\s+columns:\\s*(#.*)?")) {
                columns = i;
                break;
            }
        }
        if (columns < 0) {
            return Optional.empty();
        }
        int indent = indentOf(lines.get(columns));
        int last = -1;
        String itemIndent = null;
        for (int i = columns + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            if (indentOf(line) <= indent && !(indentOf(line) == indent && line.strip().startsWith("- "))) {
                break;
            }
            if (line.strip().startsWith("- ") && (itemIndent == null || line.startsWith(itemIndent + "- "))) {
                itemIndent = line.substring(0, indentOf(line));
            }
            last = i;
        }
        if (itemIndent == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(lines.get(i)).append('\n');
            if (i == last) {
                out.append(itemIndent).append("- ").append(columnLine(field, column, type)).append('\n');
            }
        }
        return Optional.of(out.toString());
    }

    private static boolean topLevel(String line) {
        return !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
