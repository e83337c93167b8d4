package dev.tidemark.local;

import dev.tidemark.dynamodb.SourceTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic source: posts by a few dozen creators across platforms and communities, with tags, exact
 * engagement counts, metadata in the shapes writers really produce, and a few of the messy records the
 * parser exists for. Deterministic for a given seed.
 */
public final class DemoDataset {
    private static final String[] PLATFORMS = {"tiktok", "instagram", "youtube", "reddit", "x"};
    private static final String[] COMMUNITIES = {"cooking", "streetwear", "indiegames", "running", "diy", "skincare"};
    private static final String[] TAGS = {"recipe", "fyp", "ootd", "speedrun", "marathon", "howto", "review",
            "unboxing", "vegan", "sneakers", "pixelart", "budget"};
    private static final String[] WORDS = {"quick", "weekend", "honest", "tiny", "best", "first", "crispy",
            "vintage", "ultimate", "lazy", "rainy", "neon"};

    private final SourceTable table;
    private final Random random;
    private int nextId;

    public DemoDataset(SourceTable table, long seed) {
        this.table = table;
        this.random = new Random(seed);
    }

    /** {@code perDay} items a day for {@code days} days ending at {@code end}, plus a handful of messy ones. */
    public List<Map<String, AttributeValue>> history(Instant end, int days, int perDay) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Instant start = end.minus(Duration.ofDays(days));
        long spanMillis = Duration.between(start, end).toMillis();
        int total = days * perDay;
        for (int i = 0; i < total; i++) {
            Instant at = start.plusMillis(spanMillis * (i + 1) / (total + 1));
            items.add(post("post-" + (++nextId), at));
        }
        items.addAll(messy(end.minus(Duration.ofHours(3))));
        return items;
    }

    /** New versions of existing posts: more views and likes, sometimes re-tagged. */
    public List<Map<String, AttributeValue>> updates(List<String> ids, Instant at) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            items.add(post(ids.get(i), at.plusMillis(i)));
        }
        return items;
    }

    public List<Map<String, AttributeValue>> inserts(int count, Instant at) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(post("post-" + (++nextId), at.plusMillis(i)));
        }
        return items;
    }

    public Map<String, AttributeValue> post(String id, Instant updatedAt) {
        int creator = random.nextInt(40);
        String platform = PLATFORMS[creator % PLATFORMS.length];
        String word = WORDS[random.nextInt(WORDS.length)];
        String community = COMMUNITIES[random.nextInt(COMMUNITIES.length)];
        List<AttributeValue> tags = new ArrayList<>();
        for (int t = 0; t < 1 + random.nextInt(3); t++) {
            tags.add(AttributeValue.fromS("#" + TAGS[random.nextInt(TAGS.length)]));
        }
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                table.keyAttribute(), AttributeValue.fromS(id),
                "platform", AttributeValue.fromS(platform),
                "contentUrl", AttributeValue.fromS("https://" + platform + ".example/" + id),
                "caption", AttributeValue.fromS("The " + word + " " + community + " post\nwith a second line"),
                "creatorId", AttributeValue.fromS("creator-" + creator),
                "creatorHandle", AttributeValue.fromS("@maker" + creator),
                "followerCount", AttributeValue.fromN(Long.toString(1_000L + creator * 7919L + random.nextInt(500))),
                "communityId", AttributeValue.fromS(community),
                "tags", AttributeValue.fromL(tags),
                "viewCount", AttributeValue.fromN(Long.toString(random.nextInt(5_000_000)))));
        item.put("likeCount", AttributeValue.fromN(Integer.toString(random.nextInt(100_000))));
        item.put("publishedAt", AttributeValue.fromS(updatedAt.minus(Duration.ofHours(random.nextInt(48))).toString()));
        item.put("metadata", AttributeValue.fromM(Map.of(
                "lang", AttributeValue.fromS("en"),
                "durationSeconds", AttributeValue.fromN(Integer.toString(5 + random.nextInt(600))))));
        return SourceTables.withIndexKeys(table, item, updatedAt);
    }

    /** The records the parser exists for: each ends up canonical or quarantined with a reason, never lost. */
    private List<Map<String, AttributeValue>> messy(Instant at) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> doubleEncoded = new java.util.HashMap<>(post("messy-double-encoded", at));
        doubleEncoded.put("metadata", AttributeValue.fromS("\"{\\\"lang\\\":\\\"pt\\\",\\\"source\\\":\\\"bot\\\"}\""));
        items.add(doubleEncoded);

        Map<String, AttributeValue> dirtyText = new java.util.HashMap<>(post("messy-dirty-caption", at.plusSeconds(1)));
        dirtyText.put("caption", AttributeValue.fromS("\uFEFFCafe\u0301 night\u0000 \u0007with a \uD83D lone surrogate"));
        items.add(dirtyText);

        Map<String, AttributeValue> aliased = new java.util.HashMap<>(post("messy-aliases", at.plusSeconds(2)));
        aliased.put("url", aliased.remove("contentUrl"));
        aliased.put("views", AttributeValue.fromS("9007199254740993"));
        aliased.remove("viewCount");
        aliased.put("followerCount", AttributeValue.fromN("123456789012345678901234567890"));
        aliased.put("sentimentScore", AttributeValue.fromN("0.82"));
        items.add(aliased);

        Map<String, AttributeValue> badTime = new java.util.HashMap<>(post("messy-bad-timestamp", at.plusSeconds(3)));
        String sortKey = badTime.get(table.sortAttribute()).s();
        // Minute 61: sorts inside the window like any other key, but is no instant at all.
        badTime.put(table.sortAttribute(), AttributeValue.fromS(sortKey.substring(0, 14) + "61" + sortKey.substring(16)));
        items.add(badTime);
        return items;
    }
}
