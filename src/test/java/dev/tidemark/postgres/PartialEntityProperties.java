package dev.tidemark.postgres;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.SourceSchema;
import dev.tidemark.testing.ParsedPages;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, part 3: items that name creators and communities with fewer or more of their fields, flat or as a
 * nested map, a field absent, an explicit NULL or a value, spread over pages written in order through the parser
 * and the real {@link PostgresPageSink}. Whatever the mix, each stored field holds the value of the newest item
 * that carried it (NULL if that item said NULL or none ever carried it): no known field is lost, and a field an
 * item did not carry is never erased by it.
 */
class PartialEntityProperties {
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static TestStack stack;
    private static PostgresPageSink sink;
    private final ItemParser parser = new ItemParser(SourceSchema.defaults());

    /** A field as an item has it: not at all, an explicit NULL, or a value. */
    sealed interface Carried {
        record Absent() implements Carried {
        }

        record Null() implements Carried {
        }

        record Value(Object value) implements Carried {
        }
    }

    /** One item's view of its creator and community; {@code nested}: as {@code creator: {…}} maps. */
    record Spec(int content, int creator, Carried handle, Carried name, Carried followers, int community,
                Carried communityName, boolean nested) {
    }

    @BeforeContainer
    static void start() {
        stack = TestStack.forClass(PartialEntityProperties.class);
        PostgresDatabase.migrate(stack.dataSource);
        sink = new PostgresPageSink(stack.dataSource);
    }

    @AfterContainer
    static void stop() {
        stack.close();
    }

    @Property(tries = 150)
    void noKnownFieldOfACreatorOrCommunityIsLostAcrossPages(@ForAll("pages") List<List<Spec>> pages,
                                                             @ForAll long shuffleSeed) {
        // Each try names its own entities, so tries never see each other's rows.
        String prefix = "try" + TRIES.incrementAndGet() + "-";
        Map<String, Object> expected = new HashMap<>();
        Random random = new Random(shuffleSeed);
        int sequence = 0;
        for (List<Spec> page : pages) {
            List<SourceItem> items = new ArrayList<>();
            for (Spec spec : page) {
                // The page's items are newer than every earlier page's, as a GSI partition returns them.
                Instant updatedAt = T0.plusSeconds(++sequence);
                items.add(item(prefix, spec, updatedAt));
                String creator = prefix + "creator-" + spec.creator();
                put(expected, creator + ".handle", spec.handle());
                put(expected, creator + ".name", spec.name());
                put(expected, creator + ".followers", spec.followers());
                put(expected, prefix + "community-" + spec.community() + ".name", spec.communityName());
            }
            // Order within a page is not time order: the write must still apply the versions oldest first.
            Collections.shuffle(items, random);
            write(items);
        }
        Statistics.label("kept a stored value").collect(pages.stream().flatMap(List::stream)
                .anyMatch(s -> s.followers() instanceof Carried.Absent) ? "some absent" : "none absent");

        for (Map<String, Object> row : Sql.rows(stack.dataSource,
                "SELECT creator_id, handle, display_name, follower_count FROM creators WHERE creator_id LIKE ?",
                prefix + "%")) {
            String id = (String) row.get("creator_id");
            assertThat(row.get("handle")).as(id + " handle").isEqualTo(expected.get(id + ".handle"));
            assertThat(row.get("display_name")).as(id + " name").isEqualTo(expected.get(id + ".name"));
            assertExact((BigDecimal) row.get("follower_count"), (BigDecimal) expected.get(id + ".followers"), id);
        }
        for (Map<String, Object> row : Sql.rows(stack.dataSource,
                "SELECT community_id, name FROM communities WHERE community_id LIKE ?", prefix + "%")) {
            String id = (String) row.get("community_id");
            assertThat(row.get("name")).as(id + " name").isEqualTo(expected.get(id + ".name"));
        }
        long creators = pages.stream().flatMap(List::stream).map(Spec::creator).distinct().count();
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM creators WHERE creator_id LIKE ?", prefix + "%"))
                .isEqualTo(creators);
    }

    private void write(List<SourceItem> items) {
        ParsedPages page = ParsedPages.parseItems(parser, items);
        assertThat(page.rejections()).isEmpty();
        sink.write("run", page.records(), page.rejections());
    }

    private static SourceItem item(String prefix, Spec spec, Instant updatedAt) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("contentId", prefix + "content-" + spec.content());
        a.put("updatedAt", updatedAt.toString());
        Map<String, Object> creator = spec.nested() ? new LinkedHashMap<>() : a;
        creator.put(spec.nested() ? "id" : "creatorId", prefix + "creator-" + spec.creator());
        put(creator, spec.nested() ? "handle" : "creatorHandle", spec.handle());
        put(creator, spec.nested() ? "name" : "creatorName", spec.name());
        put(creator, spec.nested() ? "followers" : "followerCount", spec.followers());
        Map<String, Object> community = spec.nested() ? new LinkedHashMap<>() : a;
        community.put(spec.nested() ? "id" : "communityId", prefix + "community-" + spec.community());
        put(community, spec.nested() ? "name" : "communityName", spec.communityName());
        if (spec.nested()) {
            a.put("creator", creator);
            a.put("community", community);
        }
        return new SourceItem(a);
    }

    /** As an item has the field; also the model: the newest item that carried a field decides it. */
    private static void put(Map<String, Object> target, String name, Carried carried) {
        switch (carried) {
            case Carried.Absent a -> { }
            case Carried.Null n -> target.put(name, null);
            case Carried.Value v -> target.put(name, v.value());
        }
    }

    private static void assertExact(BigDecimal stored, BigDecimal expected, String id) {
        if (expected == null) {
            assertThat(stored).as(id + " followers").isNull();
        } else {
            assertThat(stored).as(id + " followers").isEqualByComparingTo(expected);
        }
    }

    @Provide
    Arbitrary<List<List<Spec>>> pages() {
        return spec().list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(5);
    }

    private static Arbitrary<Spec> spec() {
        Arbitrary<Carried> text = carried(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6));
        Arbitrary<Carried> number = carried(Arbitraries.of(new BigDecimal("0"), new BigDecimal("1500"),
                new BigDecimal("9007199254740993"), new BigDecimal("123456789012345678901234567890")));
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 2),
                        text, text, number, Arbitraries.integers().between(0, 1), text, Arbitraries.of(true, false))
                .as(Spec::new);
    }

    private static Arbitrary<Carried> carried(Arbitrary<?> values) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Carried.Absent())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Carried.Null())),
                net.jqwik.api.Tuple.of(3, values.map(v -> (Carried) new Carried.Value(v))));
    }
}
