package dev.tidemark.core.mapping;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each normalizer on the values DynamoDB holds and the messy ones writers produce. */
class NormalizersTest {

    private static Object value(Normalizer n, Object raw) {
        Normalized result = n.apply(raw);
        assertThat(result).as("%s of %s", n, raw).isInstanceOf(Normalized.Value.class);
        return ((Normalized.Value) result).value();
    }

    private static String note(Normalizer n, Object raw) {
        Normalized result = n.apply(raw);
        assertThat(result).as("%s of %s", n, raw).isInstanceOf(Normalized.Null.class);
        assertThat(((Normalized.Null) result).noted()).as("a note for %s", raw).isTrue();
        return ((Normalized.Null) result).note();
    }

    private static void absent(Normalizer n, Object raw) {
        assertThat(n.apply(raw)).as("%s of %s", n, raw).isEqualTo(Normalized.ABSENT);
    }

    @Test
    void dynamoDbNullIsSqlNullForEveryNormalizer() {
        for (Normalizer n : Normalizer.values()) {
            absent(n, null);
        }
    }

    @Test
    void textIsSanitizedNormalizedAndBlankIsNull() {
        assertThat(value(Normalizer.TEXT, "\uFEFF a\u0000b\u0007\uD800 e\u0301 ")).isEqualTo("ab \u00E9");
        assertThat(value(Normalizer.TEXT, "line\r\nnext\ttab")).isEqualTo("line\nnext\ttab");
        assertThat(value(Normalizer.TEXT, new BigDecimal("1E+3"))).as("a number where text belongs").isEqualTo("1000");
        assertThat(value(Normalizer.TEXT, true)).isEqualTo("true");
        absent(Normalizer.TEXT, "\u00A0\u2007\u202F\u3000 ");
        absent(Normalizer.TEXT, "");
        assertThat(note(Normalizer.TEXT, Map.of("a", 1))).isEqualTo("expected text, found a map");
        assertThat(note(Normalizer.TEXT, new byte[] {1})).isEqualTo("expected text, found binary");
    }

    @Test
    void numbersStayExact() {
        assertThat(value(Normalizer.NUMERIC, new BigDecimal("12345678901234567890.123456789012345678")))
                .isEqualTo(new BigDecimal("12345678901234567890.123456789012345678"));
        assertThat(value(Normalizer.NUMERIC, " 1,234,567 ")).isEqualTo(new BigDecimal("1234567"));
        assertThat(note(Normalizer.NUMERIC, "1,5")).isEqualTo("not a number: 1,5");
        assertThat(note(Normalizer.NUMERIC, List.of(1))).isEqualTo("expected a number, found a list");
        absent(Normalizer.NUMERIC, "  ");
    }

    @Test
    void bigintRefusesOverflowAndNotesFractions() {
        assertThat(value(Normalizer.BIGINT, new BigDecimal("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
        assertThat(value(Normalizer.BIGINT, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(value(Normalizer.BIGINT, new BigDecimal("42.000"))).isEqualTo(42L);
        assertThat(Normalizer.BIGINT.apply(new BigDecimal("9223372036854775808")))
                .isEqualTo(new Normalized.Refused("bigint overflow: 9223372036854775808 is outside -2^63..2^63-1"));
        assertThat(note(Normalizer.BIGINT, new BigDecimal("1.5"))).isEqualTo("not a whole number: 1.5");
    }

    @Test
    void booleans() {
        assertThat(value(Normalizer.BOOLEAN, true)).isEqualTo(true);
        assertThat(value(Normalizer.BOOLEAN, " Yes ")).isEqualTo(true);
        assertThat(value(Normalizer.BOOLEAN, "FALSE")).isEqualTo(false);
        assertThat(value(Normalizer.BOOLEAN, new BigDecimal("1.0"))).isEqualTo(true);
        assertThat(value(Normalizer.BOOLEAN, BigDecimal.ZERO)).isEqualTo(false);
        assertThat(note(Normalizer.BOOLEAN, new BigDecimal("2"))).isEqualTo("not a boolean: 2");
        assertThat(note(Normalizer.BOOLEAN, "maybe")).isEqualTo("not a boolean: maybe");
    }

    @Test
    void instantsInAnyOffsetAndEpochs() {
        Instant at = Instant.parse("2026-11-22T10:15:30.123Z");
        assertThat(value(Normalizer.INSTANT, "2026-11-22T12:15:30.123+02:00")).isEqualTo(at);
        assertThat(value(Normalizer.INSTANT, "2026-11-22T05:15:30.123-0500")).isEqualTo(at);
        assertThat(value(Normalizer.INSTANT, new BigDecimal("1795342530123"))).isEqualTo(at);
        assertThat(value(Normalizer.EPOCH_MILLIS, new BigDecimal("1795342530123"))).isEqualTo(at);
        assertThat(value(Normalizer.EPOCH_MILLIS, "1795342530123")).isEqualTo(at);
        assertThat(value(Normalizer.EPOCH_SECONDS, new BigDecimal("1795342530.123"))).isEqualTo(at);
        assertThat(value(Normalizer.EPOCH_SECONDS, new BigDecimal("1795342530"))).isEqualTo(at.minusMillis(123));
        assertThat(note(Normalizer.INSTANT, "2026-11-22T10:61:00.000Z")).startsWith("not an instant");
        assertThat(note(Normalizer.EPOCH_MILLIS, "2026-11-22T10:15:30.123Z")).startsWith("not epoch milliseconds");
        assertThat(note(Normalizer.EPOCH_SECONDS, new BigDecimal("1E+20"))).startsWith("not epoch seconds");
    }

    @Test
    void jsonTakesMapsListsAndDoubleEncodedStrings() {
        assertThat(value(Normalizer.JSON, Map.of("n", new BigDecimal("12345678901234567890123"))))
                .isEqualTo("{\"n\":12345678901234567890123}");
        assertThat(value(Normalizer.JSON, List.of(Map.of("sku", "a"), new BigDecimal("2"))))
                .isEqualTo("[{\"sku\":\"a\"},2]");
        assertThat(value(Normalizer.JSON, "\"{\\\"lang\\\":\\\"es\\\"}\"")).isEqualTo("{\"lang\":\"es\"}");
        assertThat(value(Normalizer.JSON, "\uFEFF{\"a\":\"x\\u0000y\"}")).isEqualTo("{\"a\":\"x\uFFFDy\"}");
        assertThat(value(Normalizer.JSON, "42")).isEqualTo("42");
        assertThat(value(Normalizer.JSON, true)).isEqualTo("true");
        absent(Normalizer.JSON, "null");
        absent(Normalizer.JSON, " ");
        assertThat(note(Normalizer.JSON, "not json")).isEqualTo("not JSON");
    }

    @Test
    void setsBecomeArrays() {
        assertThat(value(Normalizer.STRING_SET, new LinkedHashSet<>(List.of("b", " a\u0000 ", "")))).isEqualTo(List.of("b", "a"));
        assertThat(value(Normalizer.STRING_SET, List.of())).isEqualTo(List.of());
        assertThat(note(Normalizer.STRING_SET, "one")).isEqualTo("expected string set, found a string");
        assertThat(note(Normalizer.STRING_SET, List.of("a", Map.of()))).isEqualTo("element 1: expected text, found a map");
        assertThat(value(Normalizer.NUMBER_SET, Set.of(new BigDecimal("123456789012345678901234567890"))))
                .isEqualTo(List.of(new BigDecimal("123456789012345678901234567890")));
        assertThat(note(Normalizer.NUMBER_SET, List.of(new BigDecimal("1"), "x"))).isEqualTo("element 1: not a number: x");
    }

    @Test
    void binaryAndBinarySets() {
        byte[] bytes = {0, 1, (byte) 0xFF};
        assertThat((byte[]) value(Normalizer.BINARY, bytes)).containsExactly(0, 1, 0xFF);
        assertThat(note(Normalizer.BINARY, "AAH/")).isEqualTo("expected binary, found a string");
        assertThat(value(Normalizer.BINARY_SET, List.of(bytes, new byte[] {2}))).asList().hasSize(2);
        assertThat(note(Normalizer.BINARY_SET, List.of(bytes, "x"))).isEqualTo("element 1: expected binary, found a string");
    }
}
