package dev.tidemark.core.parse;

import dev.tidemark.core.model.ContentRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.tidemark.core.parse.Items.acceptedOutcome;
import static dev.tidemark.core.parse.Items.item;
import static org.assertj.core.api.Assertions.assertThat;

/** Every name in the alias table reaches its canonical field, and none of them counts as drift. */
class FieldAliasesTest {

    /** For each field: a source value, and where the canonical record shows it (as text). */
    private record Case(Object sourceValue, Function<ContentRecord, Object> canonical, Object expected) {
    }

    private static final Map<FieldAliases, Case> CASES = new HashMap<>();

    static {
        CASES.put(FieldAliases.CONTENT_ID, new Case("k-7", ContentRecord::contentId, "k-7"));
        CASES.put(FieldAliases.UPDATED_AT, new Case("2026-11-22T09:00:00Z", ContentRecord::sourceUpdatedAt,
                Instant.parse("2026-11-22T09:00:00Z")));
        CASES.put(FieldAliases.UPDATED_DATE, new Case("2026-11-22", ContentRecord::contentId, "c-1"));
        CASES.put(FieldAliases.PLATFORM, new Case("tiktok", ContentRecord::platform, "tiktok"));
        CASES.put(FieldAliases.URL, new Case("https://x.example/1", ContentRecord::url, "https://x.example/1"));
        CASES.put(FieldAliases.CAPTION, new Case("hi", ContentRecord::caption, "hi"));
        CASES.put(FieldAliases.PUBLISHED_AT, new Case("2026-11-01T00:00:00Z", ContentRecord::publishedAt,
                Instant.parse("2026-11-01T00:00:00Z")));
        CASES.put(FieldAliases.VIEW_COUNT, new Case(new BigDecimal("9007199254740993"), ContentRecord::viewCount,
                new BigDecimal("9007199254740993")));
        CASES.put(FieldAliases.LIKE_COUNT, new Case("17", ContentRecord::likeCount, new BigDecimal("17")));
        CASES.put(FieldAliases.CREATOR, new Case("Maker", r -> r.creator().handle(), "Maker"));
        CASES.put(FieldAliases.CREATOR_ID, new Case("cr-1", r -> r.creator().creatorId(), "cr-1"));
        CASES.put(FieldAliases.CREATOR_HANDLE, new Case("@maker", r -> r.creator().handle(), "@maker"));
        CASES.put(FieldAliases.CREATOR_NAME, new Case("The Maker", r -> r.creator().displayName(), "The Maker"));
        CASES.put(FieldAliases.FOLLOWER_COUNT, new Case(new BigDecimal("42"), r -> r.creator().followerCount(),
                new BigDecimal("42")));
        CASES.put(FieldAliases.COMMUNITY, new Case("Cooking", r -> r.community().name(), "Cooking"));
        CASES.put(FieldAliases.COMMUNITY_ID, new Case("cooking", r -> r.community().communityId(), "cooking"));
        CASES.put(FieldAliases.COMMUNITY_NAME, new Case("Cooking", r -> r.community().name(), "Cooking"));
        CASES.put(FieldAliases.TAGS, new Case(List.of("#a", "b"), ContentRecord::tags, List.of("a", "b")));
        CASES.put(FieldAliases.METADATA, new Case("{\"k\":1}", ContentRecord::metadataJson, "{\"k\":1}"));
        CASES.put(FieldAliases.DELETED, new Case(Boolean.TRUE, ContentRecord::deletedAt,
                Instant.parse(Items.UPDATED_AT)));
        CASES.put(FieldAliases.DELETED_AT, new Case("2026-11-20T00:00:00Z", ContentRecord::deletedAt,
                Instant.parse("2026-11-20T00:00:00Z")));
    }

    static Stream<Arguments> everyAlias() {
        return Arrays.stream(FieldAliases.values())
                .flatMap(field -> field.names().stream().map(name -> Arguments.of(field, name)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("everyAlias")
    void aliasReachesItsCanonicalField(FieldAliases field, String name) {
        Case c = CASES.get(field);
        assertThat(c).as("a case for " + field).isNotNull();
        Map<String, Object> item = item();
        if (field == FieldAliases.CONTENT_ID || field == FieldAliases.UPDATED_AT || field == FieldAliases.UPDATED_DATE) {
            item.remove(field.names().getFirst());
        }
        if (field == FieldAliases.CREATOR_NAME || field == FieldAliases.FOLLOWER_COUNT) {
            item.put("creatorId", "cr-1");
        }
        item.put(name, c.sourceValue());
        ParseOutcome.Accepted outcome = acceptedOutcome(item);
        assertThat(c.canonical().apply(outcome.record())).isEqualTo(c.expected());
        assertThat(outcome.driftFields()).isEmpty();
        assertThat(outcome.record().extraJson()).isNull();
    }

    @Test
    void everyCanonicalFieldHasATestCase() {
        assertThat(CASES.keySet()).containsExactlyInAnyOrder(FieldAliases.values());
    }

    @Test
    void noNameBelongsToTwoFields() {
        List<String> all = Arrays.stream(FieldAliases.values()).flatMap(f -> f.names().stream()).toList();
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void anExplicitNullUnderThePreferredNameDoesNotHideAnotherAlias() {
        Map<String, Object> item = item("contentUrl", null, "url", "https://x.example/2");
        assertThat(acceptedOutcome(item).record().url()).isEqualTo("https://x.example/2");
    }
}
