package dev.tidemark.core.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A mapping file (YAML, and so JSON too) → a {@link Mapping}, or a {@link MappingException} listing every problem
 * in the file at once, each with its place: {@code root.columns[3].type: unknown type 'numbr'}. The file format is
 * documented in {@code docs/mapping.md}.
 */
public final class MappingReader {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private MappingReader() {
    }

    /** @param name where the text came from, for the error message (a file name, a resource) */
    public static Mapping read(String text, String name) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new MappingException(name, List.of("not YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        List<String> problems = new ArrayList<>();
        if (tree == null || !tree.isObject()) {
            throw new MappingException(name, List.of("expected a map with source, root, entities, sets, unmapped"));
        }
        FileNode top = new FileNode("", tree, problems);
        Mapping mapping = new MappingReader.Parts(top).mapping();
        top.checkNoUnknownKeys();
        if (!problems.isEmpty() || mapping == null) {
            throw new MappingException(name, problems);
        }
        return mapping;
    }

    /** The sections, read in one pass with the names seen so far (to report clashes where they happen). */
    private static final class Parts {
        private final FileNode top;
        private final Set<String> tables = new HashSet<>();
        private final Set<String> rootColumns = new HashSet<>();

        Parts(FileNode top) {
            this.top = top;
        }

        Mapping mapping() {
            SourceSpec source = source(top.object("source"));
            RootTable root = root(top.object("root"));
            List<EntityTable> entities = top.list("entities", this::entity);
            List<ManyToMany> sets = top.list("sets", this::set);
            Unmapped unmapped = unmapped(top.object("unmapped"));
            List<String> ignored = top.names("ignore");
            if (source == null || root == null || unmapped == null) {
                return null;
            }
            return new Mapping(source, root, entities, sets, unmapped, ignored);
        }

        private SourceSpec source(FileNode s) {
            SourceSpec d = SourceSpec.defaults();
            String table = s.text("table", d.table());
            String index = s.text("index", d.index());
            Attribute key = attribute(s, "key", d.key());
            FileNode updated = s.mapForm("updatedAt");
            Attribute updatedAt = attribute(s, "updatedAt", d.updatedAt(), "format");
            TimeFormat format = d.updatedAtFormat();
            if (updated.has("format")) {
                String name = updated.text("format", format.fileName());
                format = Arrays.stream(TimeFormat.values()).filter(f -> f.fileName().equals(name)).findFirst()
                        .orElse(null);
                if (format == null) {
                    updated.child("format").problem("unknown format '" + name + "' (iso-8601, epoch-seconds, epoch-millis)");
                    format = d.updatedAtFormat();
                }
            }
            Attribute partition = attribute(s, "partition", d.partition(), "shards");
            int shards = s.mapForm("partition").integer("shards", 1, 1);
            FileNode tomb = s.object("tombstone");
            Attribute flag = s.has("tombstone") ? attribute(tomb, "flag", null) : d.tombstoneFlag();
            Attribute time = s.has("tombstone") ? attribute(tomb, "time", null) : d.tombstoneTime();
            tomb.checkNoUnknownKeys();
            s.checkNoUnknownKeys();
            return new SourceSpec(table, index, key, updatedAt, format, partition, shards, flag, time);
        }

        /**
         * {@code key: contentId} or {@code key: {attribute: contentId, aliases: [...]}}; {@code extraKeys} are read
         * by the caller ({@code format}, {@code shards}).
         */
        private Attribute attribute(FileNode parent, String key, Attribute fallback, String... extraKeys) {
            if (!parent.has(key)) {
                return fallback;
            }
            if (parent.child(key).isText()) {
                String bare = parent.text(key, null);
                return bare == null ? fallback : Attribute.of(bare);
            }
            FileNode map = parent.object(key);
            String name = map.requiredText("attribute");
            List<String> aliases = map.names("aliases");
            Arrays.stream(extraKeys).forEach(map::child);
            map.checkNoUnknownKeys();
            return name == null ? fallback : new Attribute(name, aliases);
        }

        private RootTable root(FileNode r) {
            String table = r.requiredIdentifier("table");
            claimTable(r.child("table"), table);
            String key = r.identifier("key", "id");
            String updatedAt = r.identifier("updatedAt", "source_updated_at");
            String deletedAt = r.identifier("deletedAt", "deleted_at");
            for (String column : new String[] {key, updatedAt, deletedAt}) {
                claimColumn(r, column);
            }
            RootTable.BOOKKEEPING.forEach(rootColumns::add);
            List<ColumnSpec> columns = r.list("columns", c -> column(c, "name", rootColumns, false));
            r.checkNoUnknownKeys();
            return table == null ? null : new RootTable(table, key, updatedAt, deletedAt, columns);
        }

        private EntityTable entity(FileNode e) {
            String name = e.requiredText("name");
            String table = e.requiredIdentifier("table");
            claimTable(e.child("table"), table);
            List<String> in = e.names("in");
            Set<String> columns = new HashSet<>(EntityTable.BOOKKEEPING);
            FileNode keyNode = e.object("key");
            ColumnSpec key = keyNode.isMissing() ? null : column(keyNode, "column", columns, !in.isEmpty());
            if (keyNode.isMissing()) {
                keyNode.problem("required");
            } else {
                keyNode.checkNoUnknownKeys();
                requireText(keyNode, key);
            }
            String foreignKey = e.requiredIdentifier("foreignKey");
            claimColumn(e.child("foreignKey"), foreignKey);
            List<ColumnSpec> cols = e.list("columns", c -> column(c, "name", columns, !in.isEmpty()));
            String bare = e.text("bare", null);
            String fallback = e.text("fallbackKey", null);
            checkNamesColumn(e.child("bare"), bare, cols);
            checkNamesColumn(e.child("fallbackKey"), fallback, cols);
            if (bare != null && in.isEmpty()) {
                e.child("bare").problem("a bare value needs 'in' (the attribute that holds it)");
            }
            List<String> ignored = e.names("ignoreNested");
            e.checkNoUnknownKeys();
            if (name == null || table == null || key == null || foreignKey == null) {
                return null;
            }
            return new EntityTable(name, table, in, bare, key, fallback, foreignKey, cols, ignored);
        }

        private ManyToMany set(FileNode s) {
            String name = s.requiredText("name");
            List<String> from = s.names("from");
            if (from.isEmpty()) {
                s.child("from").problem("required: the attribute(s) holding the set");
            }
            String table = s.requiredIdentifier("table");
            claimTable(s.child("table"), table);
            String edges = s.requiredIdentifier("edgeTable");
            claimTable(s.child("edgeTable"), edges);
            String rootColumn = s.identifier("rootColumn", null);
            claimColumn(s.child("rootColumn"), rootColumn);
            ManyToMany set = new ManyToMany(name == null ? "?" : name, from.isEmpty() ? List.of("?") : from,
                    s.text("delimiter", null), s.text("stripPrefix", null), s.bool("lowercase", false),
                    s.integer("maxLength", 500, 1), table == null ? "?" : table, s.identifier("idColumn", "id"),
                    s.identifier("valueColumn", "name"), edges == null ? "?" : edges, rootColumn);
            return name == null || from.isEmpty() || table == null || edges == null ? null : set;
        }

        private Unmapped unmapped(FileNode u) {
            String policyName = u.text("policy", "jsonb");
            Unmapped.Policy policy;
            try {
                policy = Unmapped.Policy.valueOf(policyName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                u.child("policy").problem("unknown policy '" + policyName + "' (jsonb, drop, quarantine)");
                return null;
            }
            String column = u.identifier("column", policy == Unmapped.Policy.JSONB ? "extra" : null);
            if (column != null && policy != Unmapped.Policy.JSONB) {
                u.child("column").problem("only the jsonb policy keeps a column");
                column = null;
            }
            claimColumn(u.child("column"), column);
            u.checkNoUnknownKeys();
            return new Unmapped(policy, column);
        }

        /** A column: {@code name} (or {@code column} for a key), {@code from}, {@code nested}, type, normalizer. */
        private ColumnSpec column(FileNode c, String nameKey, Set<String> taken, boolean nestedAllowed) {
            String name = c.requiredIdentifier(nameKey);
            if (name != null && !taken.add(name)) {
                c.child(nameKey).problem("duplicate column '" + name + "'");
            }
            List<String> from = c.names("from");
            List<String> nested = c.names("nested");
            if (!nested.isEmpty() && !nestedAllowed) {
                c.child("nested").problem("nested names need the entity's 'in' attribute");
            }
            if (from.isEmpty() && nested.isEmpty()) {
                c.child("from").problem("required: where the value comes from");
            }
            String typeName = c.requiredText("type");
            SqlType type = typeName == null ? null : SqlType.named(typeName).orElse(null);
            if (typeName != null && type == null) {
                c.child("type").problem("unknown type '" + typeName + "' (" + Arrays.toString(SqlType.values()) + ")");
            }
            Normalizer normalizer = normalizer(c, type);
            Integer maxLength = c.has("maxLength") ? c.integer("maxLength", 1, 1) : null;
            if (maxLength != null && type != SqlType.TEXT) {
                c.child("maxLength").problem("only a text column has a maximum length");
            }
            if (name == null || type == null || normalizer == null) {
                return null;
            }
            return new ColumnSpec(name, from, nested, type, normalizer, maxLength);
        }

        private Normalizer normalizer(FileNode c, SqlType type) {
            String name = c.text("normalizer", null);
            if (name == null) {
                return type == null ? null : Normalizer.defaultFor(type);
            }
            Normalizer normalizer = Normalizer.named(name).orElse(null);
            if (normalizer == null) {
                c.child("normalizer").problem("unknown normalizer '" + name + "' ("
                        + String.join(", ", Arrays.stream(Normalizer.values()).map(Normalizer::fileName).toList()) + ")");
            } else if (type != null && normalizer.type() != type) {
                c.child("normalizer").problem("normalizer '" + name + "' makes " + normalizer.type()
                        + ", the column is " + type);
                return null;
            }
            return normalizer;
        }

        private void requireText(FileNode keyNode, ColumnSpec key) {
            if (key != null && key.type() != SqlType.TEXT) {
                keyNode.child("type").problem("a key column is text (a number key is kept in its plain text form)");
            }
        }

        private static void checkNamesColumn(FileNode at, String column, List<ColumnSpec> columns) {
            if (column != null && columns.stream().noneMatch(c -> c.name().equals(column))) {
                at.problem("'" + column + "' is none of the entity's columns");
            }
        }

        private void claimTable(FileNode at, String table) {
            if (table != null && !tables.add(table)) {
                at.problem("table '" + table + "' is declared twice");
            }
        }

        private void claimColumn(FileNode at, String column) {
            if (column != null && !rootColumns.add(column)) {
                at.problem("duplicate root column '" + column + "'");
            }
        }
    }
}
