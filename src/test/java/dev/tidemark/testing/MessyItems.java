package dev.tidemark.testing;

import dev.tidemark.core.SourceItem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * jqwik generators for random and adversarial source items: strings full of NUL, BOM, control characters,
 * lone surrogates, combining marks and JSON punctuation; numbers beyond 2^53, with long fractions or huge
 * exponents; random nesting; and any type under any field name, known or not.
 */
public final class MessyItems {
    /** Field names the parser knows (a sample of the alias table) and a few it does not. */
    private static final List<String> NAMES = List.of("contentId", "postId", "updatedAt", "updatedDate", "platform",
            "contentUrl", "url", "caption", "text", "publishedAt", "viewCount", "views", "likeCount", "creator",
            "author", "creatorId", "creatorHandle", "creatorName", "followerCount", "community", "communityId",
            "communityName", "tags", "hashtags", "metadata", "meta", "deleted", "deletedAt", "sentimentScore", "x");

    private static final String NASTY = "\u0000\uFEFF\uD800\uDBFF\uDC00\uDFFF\uD83D\uDE00\u0301\u0065\r\n\t\u0007"
            + "\u001B\u007F\u0085\u009F\u2028\"\\{}[],#:NUL ";

    private MessyItems() {
    }

    public static Arbitrary<String> strings() {
        return Arbitraries.strings().withChars(NASTY).withCharRange('a', 'f').withCharRange('\u0000', '\uFFFF')
                .ofMaxLength(24);
    }

    public static Arbitrary<BigDecimal> numbers() {
        Arbitrary<BigDecimal> dynamoRange = Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(38).negate(), BigInteger.TEN.pow(38)),
                        Arbitraries.integers().between(-90, 90))
                .as(BigDecimal::new);
        return Arbitraries.frequencyOf(
                Tuple.of(5, dynamoRange),
                Tuple.of(1, Arbitraries.of(new BigDecimal("9007199254740993"),
                        new BigDecimal("123456789012345678901234567890"), new BigDecimal("1E+999999999"),
                        new BigDecimal("1E-999999999"), BigDecimal.ZERO)));
    }

    /** Any value of the {@link SourceItem} vocabulary, nested up to a few levels, nulls included. */
    public static Arbitrary<Object> values() {
        return VALUES;
    }

    // Built once, three levels deep: jqwik's lazy recursion rebuilds generators per value and is slow.
    private static final Arbitrary<Object> VALUES = nestedIn(nestedIn(nestedIn(leaves())));

    private static Arbitrary<Object> leaves() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, strings().map(s -> (Object) s)),
                Tuple.of(3, numbers().map(n -> (Object) n)),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> (Object) b)),
                Tuple.of(1, jsonStrings().map(s -> (Object) s)),
                Tuple.of(2, timestamps().map(s -> (Object) s))).injectNull(0.05);
    }

    private static Arbitrary<Object> nestedIn(Arbitrary<Object> inner) {
        return Arbitraries.frequencyOf(
                Tuple.of(2, inner),
                Tuple.of(1, inner.list().ofMaxSize(4).map(l -> (Object) l)),
                Tuple.of(1, strings().set().ofMaxSize(3).map(s -> (Object) new LinkedHashSet<>(s))),
                Tuple.of(1, maps(inner, 4).map(m -> (Object) m)));
    }

    /** JSON texts as writers stringify them: objects, double-encoded, broken, deeply nested, huge numbers. */
    public static Arbitrary<String> jsonStrings() {
        return Arbitraries.oneOf(
                strings().map(s -> "{\"k\":" + quote(s) + "}"),
                strings().map(s -> quote("{\"k\":" + quote(s) + "}")),
                Arbitraries.of("{\"n\":1e999999999}", "{\"n\":9007199254740993}", "{\"a\":1} tail", "{\"a\":",
                        "\"\\u0000\"", "[\"\\ud800\"]", "\uFEFF{\"bom\":true}", "null", "\"\"", "{}",
                        "[".repeat(3000) + "]".repeat(3000)));
    }

    /** Update times in every shape: ISO with Z, offsets, a space, no zone, epoch numbers, and broken ones. */
    public static Arbitrary<String> timestamps() {
        Arbitrary<Instant> instants = Arbitraries.longs()
                .between(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2026-12-31T00:00:00Z").toEpochMilli())
                .map(Instant::ofEpochMilli);
        Arbitrary<String> wellFormed = Combinators.combine(instants, Arbitraries.integers().between(-14, 14),
                        Arbitraries.integers().between(0, 3))
                .as((at, hours, style) -> switch (style) {
                    case 0 -> at.toString();
                    case 1 -> at.atOffset(ZoneOffset.ofHours(hours)).toString();
                    case 2 -> at.toString().replace('T', ' ').replace("Z", "");
                    default -> Long.toString(at.getEpochSecond());
                });
        return Arbitraries.frequencyOf(
                Tuple.of(10, wellFormed),
                Tuple.of(1, Arbitraries.of("2026-11-22T10:61:00.000Z", "2026-02-30T00:00:00Z", "+999999999-12-31T23:59:59Z",
                        "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "99999999999999999999", "2026-11-22T24:00:00Z",
                        "", " ", "\u0000")),
                Tuple.of(1, strings()));
    }

    /** Keys: mostly from a small pool (so pages hold duplicates), sometimes anything at all, sometimes absent. */
    public static Arbitrary<Object> keys() {
        return Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.of("k0", "k1", "k2", "k3", "k4", "k5").map(k -> (Object) k)),
                Tuple.of(2, strings().map(s -> (Object) s)),
                Tuple.of(1, numbers().map(n -> (Object) n)),
                Tuple.of(1, values())).injectNull(0.02)
                // jqwik's edge cases (null, "", the other branches) would otherwise crowd out valid keys.
                .withoutEdgeCases();
    }

    public static Arbitrary<SourceItem> items() {
        Arbitrary<Map<String, Object>> fields = maps(values(), 8);
        Arbitrary<Object> updatedAt = Arbitraries.frequencyOf(
                Tuple.of(12, timestamps().map(s -> (Object) s)),
                Tuple.of(1, values())).injectNull(0.02).withoutEdgeCases();
        return Combinators.combine(keys(), updatedAt, fields).as((key, at, rest) -> {
            Map<String, Object> item = new LinkedHashMap<>(rest);
            if (key != null) {
                item.put("contentId", key);
            }
            if (at != null) {
                item.put("updatedAt", at);
            }
            return new SourceItem(item);
        });
    }

    /** Name/value pairs collected into a map (a repeated name keeps its last value); cheaper than unique keys. */
    private static Arbitrary<Map<String, Object>> maps(Arbitrary<Object> values, int maxSize) {
        return Combinators.combine(names(), values).as(Tuple::of).list().ofMaxSize(maxSize).map(pairs -> {
            Map<String, Object> map = new LinkedHashMap<>();
            pairs.forEach(p -> map.put(p.get1(), p.get2()));
            return map;
        });
    }

    private static Arbitrary<String> names() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(NAMES)), Tuple.of(1, strings()));
    }

    /** A JSON string literal written without any sanitizing: NUL escaped as \u0000, lone surrogates raw. */
    private static String quote(String s) {
        try {
            return RAW_JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper RAW_JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
