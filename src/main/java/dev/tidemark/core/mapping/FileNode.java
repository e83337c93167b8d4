package dev.tidemark.core.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A place in a mapping file being read: its path ({@code root.columns[3]}), its JSON tree, and the problem list
 * shared by the whole file. Reading never stops at a problem: it is recorded, a placeholder returned, and
 * reading goes on, so one pass reports everything. Keys a section does not read are reported as unknown.
 */
final class FileNode {
    private final String path;
    private final JsonNode node;
    private final List<String> problems;
    private final Set<String> read = new LinkedHashSet<>();

    FileNode(String path, JsonNode node, List<String> problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    boolean isText() {
        return node != null && node.isTextual();
    }

    boolean has(String key) {
        return !child(key).isMissing();
    }

    void problem(String message) {
        problems.add(path + ": " + message);
    }

    FileNode child(String key) {
        read.add(key);
        String childPath = path.isEmpty() ? key : path + "." + key;
        return new FileNode(childPath, node != null && node.isObject() ? node.get(key) : null, problems);
    }

    /** A map section; missing gives an empty one, so reading it finds the required keys missing. */
    FileNode object(String key) {
        FileNode child = child(key);
        if (!child.isMissing() && !child.node.isObject()) {
            child.problem("expected a map");
        }
        return child;
    }

    /** The map form of a section that may also be written as a bare name; the bare form reads as empty. */
    FileNode mapForm(String key) {
        FileNode child = child(key);
        return child.isText() ? new FileNode(child.path, null, problems) : object(key);
    }

    String text(String key, String fallback) {
        FileNode child = child(key);
        if (child.isMissing()) {
            return fallback;
        }
        if (!child.node.isValueNode() || child.node.asText().isBlank()) {
            child.problem("expected a non-blank string");
            return fallback;
        }
        return child.node.asText();
    }

    String requiredText(String key) {
        String value = text(key, null);
        if (value == null && child(key).isMissing()) {
            child(key).problem("required");
        }
        return value;
    }

    /** A SQL identifier: lower-case letters, digits and underscores, at most 63 bytes, quoted nowhere. */
    String identifier(String key, String fallback) {
        String value = text(key, fallback);
        if (value != null && !value.matches("[a-z_][a-z0-9_]{0,62}")) {
            child(key).problem("'" + value + "' is not a plain SQL name (a-z, 0-9, _; at most 63; no leading digit)");
        }
        return value;
    }

    String requiredIdentifier(String key) {
        String value = identifier(key, null);
        if (value == null && child(key).isMissing()) {
            child(key).problem("required");
        }
        return value;
    }

    int integer(String key, int fallback, int min) {
        FileNode child = child(key);
        if (child.isMissing()) {
            return fallback;
        }
        if (!child.node.canConvertToInt() || !child.node.isIntegralNumber() || child.node.asInt() < min) {
            child.problem("expected a whole number of at least " + min);
            return fallback;
        }
        return child.node.asInt();
    }

    boolean bool(String key, boolean fallback) {
        FileNode child = child(key);
        if (child.isMissing()) {
            return fallback;
        }
        if (!child.node.isBoolean()) {
            child.problem("expected true or false");
            return fallback;
        }
        return child.node.booleanValue();
    }

    /** A list of non-blank strings; a single string is a list of one. */
    List<String> names(String key) {
        FileNode child = child(key);
        if (child.isMissing()) {
            return List.of();
        }
        if (child.node.isTextual()) {
            return child.node.asText().isBlank() ? blank(child) : List.of(child.node.asText());
        }
        if (!child.node.isArray()) {
            child.problem("expected a name or a list of names");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < child.node.size(); i++) {
            JsonNode item = child.node.get(i);
            if (item.isTextual() && !item.asText().isBlank()) {
                names.add(item.asText());
            } else {
                problems.add(child.path + "[" + i + "]: expected a non-blank name");
            }
        }
        return names;
    }

    private List<String> blank(FileNode child) {
        child.problem("expected a non-blank name");
        return List.of();
    }

    /** Each element of a list section read by {@code reader}; elements that fail to read are left out. */
    <T> List<T> list(String key, Function<FileNode, T> reader) {
        FileNode child = child(key);
        if (child.isMissing()) {
            return List.of();
        }
        if (!child.node.isArray()) {
            child.problem("expected a list");
            return List.of();
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < child.node.size(); i++) {
            FileNode item = new FileNode(child.path + "[" + i + "]", child.node.get(i), problems);
            if (!item.node.isObject()) {
                item.problem("expected a map");
                continue;
            }
            T value = reader.apply(item);
            item.checkNoUnknownKeys();
            if (value != null) {
                items.add(value);
            }
        }
        return items;
    }

    /** Reports the keys of this map that nothing read (a misspelt key would otherwise be silently ignored). */
    void checkNoUnknownKeys() {
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(k -> {
                if (!read.contains(k)) {
                    problems.add((path.isEmpty() ? "" : path + ".") + k + ": unknown key");
                }
            });
        }
    }
}
