package dev.tidemark.core.mapping;

import java.util.Locale;

/**
 * What to do about a drift field: the mapping line that would store it in a column of its own, and the command
 * that adds it without reading the source. The column name is the field in snake case; the type is {@code text},
 * the one every value can be read as (pick a narrower one in the command).
 */
public final class DriftSuggestion {
    private DriftSuggestion() {
    }

    public static String column(String field) {
        String snake = field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9_]+", "_")
                .toLowerCase(Locale.ROOT).replaceAll("^_+|_+$", "");
        if (snake.isEmpty() || !Character.isLetter(snake.charAt(0))) {
            snake = "f_" + snake;
        }
        return snake.length() > 63 ? snake.substring(0, 63) : snake;
    }

    /** The mapping line (a root column) for the field. */
    public static String line(String field) {
        return "- " + MappingEdits.columnLine(field, column(field), SqlType.TEXT);
    }

    /** The promote command for the field. */
    public static String command(String field) {
        String quoted = field.matches("[A-Za-z0-9_.-]+") ? field : "'" + field.replace("'", "'\\''") + "'";
        return "tidemark mapping promote " + quoted + " --as " + column(field) + " text";
    }
}
