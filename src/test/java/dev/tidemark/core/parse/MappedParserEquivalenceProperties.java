package dev.tidemark.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.core.SourceItem;
import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.mapping.RecordMapper;
import dev.tidemark.core.mapping.TableRow;
import dev.tidemark.core.model.Community;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Creator;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.testing.MessyItems;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static dev.tidemark.core.parse.Items.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping-driven parser with the default mapping yields what {@link ItemParser} yields, on the parser tests'
 * messy corpus ({@link MessyItems}, and the hand-made shapes of the parser's unit tests): the same content row,
 * creator and community (fields carried included), tags, notes, drift, or the same rejection.
 *
 * <p>One difference, by design: a rejection's human-readable detail names "key" where ItemParser says "content
 * id", and the update time's format ("iso-8601") where it says "ISO-8601 instant"; reason, key, update time and
 * raw item are the same.
 */
class MappedParserEquivalenceProperties {
    private static final ItemParser TODAY = new ItemParser(SourceSchema.defaults());
    private static final RecordMapper MAPPED = new RecordMapper(DefaultMapping.get());

    @Property(tries = 3000)
    void theDefaultMappingParsesTheMessyCorpusExactlyAsToday(@ForAll("items") SourceItem item) {
        Statistics.label("outcome").collect(TODAY.parse(item) instanceof ParseOutcome.Rejected(Rejection r)
                ? r.reason().name() : "ACCEPTED");
        assertThat(differences(item)).as("item %s", item.attributes()).isEmpty();
    }

    @Property(tries = 2000)
    void entitiesInEveryShapeParseExactlyAsToday(@ForAll("entityShaped") SourceItem item) {
        assertThat(differences(item)).as("item %s", item.attributes()).isEmpty();
    }

    @Test
    void theParserTestsHandMadeShapesParseExactlyAsToday() {
        List<Map<String, Object>> shapes = List.of(
                item(),
                item("contentId", null, "postId", "p-9", "content_id", "other"),
                item("contentId", new BigDecimal("12.50")),
                item("contentId", "   "),
                item("contentId", Map.of("a", 1)),
                item("updatedAt", "2026-11-22T10:61:00.000Z"),
                item("updatedAt", null, "lastModifiedAt", new BigDecimal("1795342530123")),
                item("metadata", "\"{\\\"lang\\\":\\\"es\\\"}\"", "meta", "{}"),
                item("metadata", "not json"),
                item("metadata", "null"),
                item("platform", Map.of("name", "tiktok"), "viewCount", List.of(1, 2), "publishedAt", true,
                        "caption", new BigDecimal("42"), "creator", new BigDecimal("7"),
                        "tags", List.of("ok", Map.of("nested", "tag"))),
                item("viewCount", " 9007199254740993 ", "likeCount", "1,234,567", "creatorId", "cr-1",
                        "followerCount", "1e3"),
                item("viewCount", "1,5", "likeCount", "12k"),
                item("sentimentScore", new BigDecimal("0.82"), "creator", Map.of("id", "cr-9", "verified", true),
                        "x\u0000y", "z", "invalid", "mine", "shadowed", 1),
                item("author", "Some_Handle", "creatorHandle", "other"),
                item("author", "Some_Handle"),
                item("creator", Map.of("handle", "h", "followers", new BigDecimal("5")), "author", "x"),
                item("creatorId", "c".repeat(501)),
                item("creatorHandle", "H".repeat(501)),
                item("community", "Cooking"),
                item("community", Map.of("id", "c1", "name", "N", "handle", "ignored", "colour", "drift")),
                item("communityName", "Cooking", "community", "cooking"),
                item("communityId", "r/x", "communityName", null),
                item("tags", "#A, b ,, #a,c", "hashtags", List.of("x")),
                item("tags", new LinkedHashSet<>(List.of("x", "y")), "labels", "z"),
                item("tags", List.of("t".repeat(501), "ok")),
                item("deleted", true),
                item("deleted", "yes", "deletedAt", "garbage"),
                item("isDeleted", new BigDecimal("0"), "deleted_at", "2026-11-20T00:00:00Z"),
                item("deleted", Map.of()),
                item("caption", "\uFEFF\u00A0caf\u0065\u0301\u0000\uD800 ", "url", "\u3000"),
                item("updatedDate", "2026-11-22", "updated_date", "other"));
        for (Map<String, Object> shape : shapes) {
            assertThat(differences(new SourceItem(shape))).as("item %s", shape).isEmpty();
        }
    }

    /** Every way the two parsers' outcomes differ, as readable lines; empty when they agree. */
    private static List<String> differences(SourceItem item) {
        ParseOutcome today = TODAY.parse(item);
        MappedOutcome mapped = MAPPED.map(item);
        List<String> diffs = new ArrayList<>();
        switch (today) {
            case ParseOutcome.Rejected(Rejection r) -> {
                if (!(mapped instanceof MappedOutcome.Rejected(Rejection m))) {
                    diffs.add("today rejects (" + r.reason() + "), the mapping accepts");
                    return diffs;
                }
                compare(diffs, "reason", r.reason(), m.reason());
                compare(diffs, "key", r.sourceKey(), m.sourceKey());
                compare(diffs, "updatedAt", r.sourceUpdatedAt(), m.sourceUpdatedAt());
                compare(diffs, "raw", r.rawJson(), m.rawJson());
            }
            case ParseOutcome.Accepted accepted -> {
                if (!(mapped instanceof MappedOutcome.Mapped m)) {
                    diffs.add("today accepts, the mapping rejects: " + ((MappedOutcome.Rejected) mapped).rejection());
                    return diffs;
                }
                compareAccepted(diffs, accepted, m);
            }
        }
        return diffs;
    }

    private static void compareAccepted(List<String> diffs, ParseOutcome.Accepted accepted, MappedOutcome.Mapped m) {
        ContentRecord r = accepted.record();
        TableRow root = m.root();
        compare(diffs, "content_id", r.contentId(), root.key());
        compare(diffs, "source_updated_at", r.sourceUpdatedAt(), root.sourceUpdatedAt());
        compare(diffs, "platform", r.platform(), root.value("platform"));
        compare(diffs, "url", r.url(), root.value("url"));
        compare(diffs, "caption", r.caption(), root.value("caption"));
        compare(diffs, "published_at", r.publishedAt(), root.value("published_at"));
        compare(diffs, "view_count", r.viewCount(), root.value("view_count"));
        compare(diffs, "like_count", r.likeCount(), root.value("like_count"));
        compare(diffs, "metadata", r.metadataJson(), root.value("metadata"));
        compare(diffs, "tags", r.tags(), root.value("tags"));
        compare(diffs, "deleted_at", r.deletedAt(), root.value("deleted_at"));
        compare(diffs, "extra", tree(r.extraJson()), tree((String) root.value("extra")));
        compare(diffs, "creator_id", r.creator() == null ? null : r.creator().creatorId(), root.value("creator_id"));
        compare(diffs, "community_id", r.community() == null ? null : r.community().communityId(),
                root.value("community_id"));
        compare(diffs, "root columns", Set.of("creator_id", "community_id", "platform", "url", "caption",
                "published_at", "view_count", "like_count", "metadata", "tags", "deleted_at", "extra"),
                root.values().keySet());
        compare(diffs, "tag set", r.tags(), m.sets().getFirst().members());
        compare(diffs, "drift", accepted.driftFields(), m.drift());
        Map<String, TableRow> entities = new LinkedHashMap<>();
        m.entities().forEach(e -> entities.put(e.table(), e));
        compare(diffs, "creators", creator(r.creator()), entities.get("creators"));
        compare(diffs, "communities", community(r.community()), entities.get("communities"));
    }

    private static TableRow creator(Creator c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("handle", c.handle());
        values.put("display_name", c.displayName());
        values.put("follower_count", c.followerCount());
        Set<String> carried = new LinkedHashSet<>();
        if (c.carries(Creator.Field.HANDLE)) {
            carried.add("handle");
        }
        if (c.carries(Creator.Field.DISPLAY_NAME)) {
            carried.add("display_name");
        }
        if (c.carries(Creator.Field.FOLLOWER_COUNT)) {
            carried.add("follower_count");
        }
        return new TableRow("creators", c.creatorId(), c.sourceUpdatedAt(), values, carried);
    }

    private static TableRow community(Community c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", c.name());
        return new TableRow("communities", c.communityId(), c.sourceUpdatedAt(), values,
                c.nameCarried() ? Set.of("name") : Set.of());
    }

    private static JsonNode tree(String json) {
        return json == null ? null : Items.json(json);
    }

    private static void compare(List<String> diffs, String what, Object today, Object mapped) {
        if (!Objects.equals(today, mapped)) {
            diffs.add(what + ": today " + today + ", mapped " + mapped);
        }
    }

    @Provide
    Arbitrary<SourceItem> items() {
        return MessyItems.items();
    }

    /** Items naming creators and communities in every way writers have: flat, nested, bare, mixed, broken. */
    @Provide
    Arbitrary<SourceItem> entityShaped() {
        Arbitrary<Object> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("h1", "H1", " ", "", "Maker", "x".repeat(501)).map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(1, MessyItems.values()));
        Arbitrary<String> nestedNames = Arbitraries.of("id", "handle", "username", "login", "name", "displayName",
                "title", "followerCount", "followers", "creatorId", "communityId", "verified", "colour");
        Arbitrary<Object> nested = Combinators.combine(nestedNames, leaf).as(net.jqwik.api.Tuple::of).list().ofMaxSize(4)
                .map(pairs -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    pairs.forEach(p -> map.put(p.get1(), p.get2()));
                    return (Object) map;
                });
        Arbitrary<Object> whole = Arbitraries.oneOf(nested, leaf).injectNull(0.2);
        Arbitrary<String> flatNames = Arbitraries.of("creator", "author", "community", "creatorId", "authorId",
                "creatorHandle", "handle", "username", "creatorName", "displayName", "followerCount", "followers",
                "communityId", "subreddit", "communityName", "community_name");
        return Combinators.combine(flatNames, whole).as(net.jqwik.api.Tuple::of).list().ofMaxSize(6).map(pairs -> {
            Map<String, Object> item = item();
            pairs.forEach(p -> item.put(p.get1(), p.get2()));
            return new SourceItem(item);
        });
    }
}
