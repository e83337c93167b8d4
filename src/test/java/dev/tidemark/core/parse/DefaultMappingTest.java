package dev.tidemark.core.parse;

import dev.tidemark.core.mapping.ColumnSpec;
import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.core.mapping.EntityTable;
import dev.tidemark.core.mapping.ManyToMany;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.Normalizer;
import dev.tidemark.core.mapping.RootTable;
import dev.tidemark.core.mapping.SourceSpec;
import dev.tidemark.core.mapping.SqlType;
import dev.tidemark.core.mapping.TimeFormat;
import dev.tidemark.core.mapping.Unmapped;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped default mapping ({@code mappings/default.yaml}) against what it must declare: the V1 schema's tables,
 * columns and types, and the parser's alias table ({@link FieldAliases}) and source defaults ({@link SourceSchema}),
 * so neither side can change without the other.
 */
class DefaultMappingTest {
    private static final Mapping MAPPING = DefaultMapping.get();
    private static final Map<String, Map<String, String>> V1 = schema(Path.of("src/main/resources/db/migration/V1__canonical_schema.sql"));

    @Test
    void everyMappedColumnIsAV1ColumnOfTheSameTypeAndEveryV1ColumnIsMapped() {
        RootTable root = MAPPING.root();
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put(root.keyColumn(), "text");
        declared.put(root.updatedAtColumn(), "timestamptz");
        declared.put(root.deletedAtColumn(), "timestamptz");
        root.columns().forEach(c -> declared.put(c.name(), c.type().sql()));
        MAPPING.entities().forEach(e -> declared.put(e.foreignKey(), e.key().type().sql()));
        MAPPING.sets().forEach(s -> declared.put(s.rootColumn(), "text[]"));
        declared.put(MAPPING.unmapped().column(), "jsonb");
        RootTable.BOOKKEEPING.forEach(c -> declared.put(c, V1.get("content").get(c)));
        assertThat(declared).isEqualTo(V1.get(root.table()));

        for (EntityTable e : MAPPING.entities()) {
            Map<String, String> entity = new LinkedHashMap<>();
            entity.put(e.key().name(), e.key().type().sql());
            e.columns().forEach(c -> entity.put(c.name(), c.type().sql()));
            entity.put(EntityTable.UPDATED_AT_COLUMN, "timestamptz");
            entity.put("synced_at", "timestamptz");
            assertThat(entity).as(e.table()).isEqualTo(V1.get(e.table()));
        }
        ManyToMany tags = MAPPING.sets().getFirst();
        assertThat(V1.get(tags.table())).isEqualTo(Map.of(tags.idColumn(), "bigint", tags.valueColumn(), "text"));
        assertThat(V1.get(tags.edgeTable())).isEqualTo(Map.of(root.keyColumn(), "text", tags.idColumn(), "bigint"));
        assertThat(MAPPING.entities()).extracting(EntityTable::table).containsExactly("creators", "communities");
        assertThat(MAPPING.unmapped()).isEqualTo(new Unmapped(Unmapped.Policy.JSONB, "extra"));
    }

    @Test
    void theSourceIsTodaysDefaultsWithTodaysAliases() {
        SourceSpec source = MAPPING.source();
        SourceSchema today = SourceSchema.defaults();
        assertThat(source.table()).isEqualTo(SourceSpec.defaults().table());
        assertThat(source.index()).isEqualTo(SourceSpec.defaults().index());
        assertThat(source.key().name()).isEqualTo(today.keyAttribute());
        assertThat(source.updatedAt().name()).isEqualTo(today.updatedAtAttribute());
        assertThat(source.partition().name()).isEqualTo(today.partitionAttribute());
        assertThat(source.tombstoneFlag().name()).isEqualTo(today.tombstoneFlagAttribute());
        assertThat(source.tombstoneTime().name()).isEqualTo(today.tombstoneTimeAttribute());
        assertThat(source.updatedAtFormat()).isEqualTo(TimeFormat.ISO_8601);
        assertThat(source.shards()).isEqualTo(1);
        assertThat(source.key().names()).isEqualTo(FieldAliases.CONTENT_ID.names());
        assertThat(source.updatedAt().names()).isEqualTo(FieldAliases.UPDATED_AT.names());
        assertThat(source.partition().names()).isEqualTo(FieldAliases.UPDATED_DATE.names());
        assertThat(source.tombstoneFlag().names()).isEqualTo(FieldAliases.DELETED.names());
        assertThat(source.tombstoneTime().names()).isEqualTo(FieldAliases.DELETED_AT.names());
    }

    @Test
    void everyFieldHasTodaysAliasesInTodaysOrder() {
        Map<String, ColumnSpec> root = MAPPING.root().columns().stream()
                .collect(Collectors.toMap(ColumnSpec::name, c -> c));
        assertThat(root.get("platform").from()).isEqualTo(FieldAliases.PLATFORM.names());
        assertThat(root.get("url").from()).isEqualTo(FieldAliases.URL.names());
        assertThat(root.get("caption").from()).isEqualTo(FieldAliases.CAPTION.names());
        assertThat(root.get("published_at").from()).isEqualTo(FieldAliases.PUBLISHED_AT.names());
        assertThat(root.get("view_count").from()).isEqualTo(FieldAliases.VIEW_COUNT.names());
        assertThat(root.get("like_count").from()).isEqualTo(FieldAliases.LIKE_COUNT.names());
        assertThat(root.get("metadata").from()).isEqualTo(FieldAliases.METADATA.names());
        assertThat(root.get("metadata").normalizer()).isEqualTo(Normalizer.JSON);
        assertThat(MAPPING.sets().getFirst().from()).isEqualTo(FieldAliases.TAGS.names());

        EntityTable creator = MAPPING.entities().get(0);
        assertThat(creator.in()).isEqualTo(FieldAliases.CREATOR.names());
        assertThat(creator.key().from()).isEqualTo(FieldAliases.CREATOR_ID.names());
        assertThat(creator.key().nested()).isEqualTo(FieldAliases.NESTED.get("id"));
        assertThat(creator.key().maxLength()).isEqualTo(ItemReader.MAX_INDEXED_CHARS);
        assertColumn(creator, "handle", FieldAliases.CREATOR_HANDLE, "handle");
        assertColumn(creator, "display_name", FieldAliases.CREATOR_NAME, "name");
        assertColumn(creator, "follower_count", FieldAliases.FOLLOWER_COUNT, "followers");

        EntityTable community = MAPPING.entities().get(1);
        assertThat(community.in()).isEqualTo(FieldAliases.COMMUNITY.names());
        assertThat(community.key().from()).isEqualTo(FieldAliases.COMMUNITY_ID.names());
        assertThat(community.key().nested()).isEqualTo(FieldAliases.NESTED.get("id"));
        assertColumn(community, "name", FieldAliases.COMMUNITY_NAME, "name");
        // Every name today's parser knows inside a nested map is known (read or ignored) in the community's map.
        Set<String> nestedKnown = FieldAliases.NESTED.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertThat(community.ignored()).containsExactlyInAnyOrderElementsOf(nestedKnown.stream()
                .filter(n -> !community.key().nested().contains(n) && !community.columns().getFirst().nested().contains(n))
                .toList());

        // Every alias today's parser knows is a name the mapping knows: nothing turns into drift.
        Set<String> today = java.util.Arrays.stream(FieldAliases.values()).flatMap(f -> f.names().stream())
                .collect(Collectors.toSet());
        assertThat(MAPPING.knownAttributes()).containsExactlyInAnyOrderElementsOf(today);
    }

    private static void assertColumn(EntityTable entity, String column, FieldAliases flat, String nested) {
        ColumnSpec spec = entity.columns().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow();
        assertThat(spec.from()).as(column).isEqualTo(flat.names());
        assertThat(spec.nested()).as(column).isEqualTo(FieldAliases.NESTED.get(nested));
    }

    /** table → column → type, from the CREATE TABLE statements of a migration. */
    private static Map<String, Map<String, String>> schema(Path sql) {
        String text;
        try {
            text = Files.readString(sql);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        Matcher table = Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL).matcher(text);
        Pattern column = Pattern.compile("^\\s+([a-z_]+)\\s+([a-z]+(?:\\[])?)");
        while (table.find()) {
            Map<String, String> columns = new LinkedHashMap<>();
            for (String line : table.group(2).split("\\n")) {
                Matcher c = column.matcher(line);
                if (c.find() && !c.group(1).equals("PRIMARY")) {
                    columns.put(c.group(1), c.group(2));
                }
            }
            tables.put(table.group(1), columns);
        }
        return tables;
    }
}
