package dev.tidemark.core.mapping;

import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.core.parse.TextSanitizer;
import dev.tidemark.testing.MessyItems;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The normalizers on anything a source item can hold: total, typed, storable; and exact where they promise it. */
class NormalizerProperties {

    @Property(tries = 3000)
    void everyNormalizerAnswersAnyValueWithItsTypeAndStorableText(@ForAll("values") Object raw) throws Exception {
        for (Normalizer n : Normalizer.values()) {
            Normalized result = n.apply(raw);
            if (result instanceof Normalized.Value(Object v)) {
                assertThat(javaFormOf(n.type(), v)).as("%s made %s", n, v).isTrue();
                if (v instanceof String s) {
                    assertThat(TextSanitizer.isStorableAsIs(s)).as("%s made %s", n, s).isTrue();
                }
                if (n.type() == SqlType.JSONB) {
                    assertThat(JsonValues.MAPPER.readTree((String) v)).isNotNull();
                }
            } else if (result instanceof Normalized.Refused) {
                assertThat(n).as("only bigint refuses").isIn(Normalizer.BIGINT, Normalizer.NUMBER_SET,
                        Normalizer.STRING_SET, Normalizer.BINARY_SET);
            }
        }
    }

    @Property
    void bigintKeepsEverySixtyFourBitNumberAndRefusesTheRest(@ForAll("wide") BigInteger n) {
        Normalized result = Normalizer.BIGINT.apply(new BigDecimal(n));
        if (n.bitLength() <= 63) {
            assertThat(result).isEqualTo(new Normalized.Value(n.longValueExact()));
        } else {
            assertThat(result).isInstanceOf(Normalized.Refused.class);
        }
    }

    @Property
    void numericKeepsEveryDynamoDbNumberExactly(@ForAll("numbers") BigDecimal n) {
        assertThat(Normalizer.NUMERIC.apply(n)).isEqualTo(new Normalized.Value(n));
        assertThat(Normalizer.NUMERIC.apply(n.toString())).isEqualTo(new Normalized.Value(n));
    }

    @Property
    void anInstantReadsBackInEveryShape(@ForAll @LongRange(min = -62_135_596_800_000L, max = 253_402_300_799_999L) long millis,
                                        @ForAll @IntRange(min = -18, max = 18) int offsetHours) {
        Instant at = Instant.ofEpochMilli(millis);
        assertThat(Normalizer.EPOCH_MILLIS.apply(BigDecimal.valueOf(millis))).isEqualTo(new Normalized.Value(at));
        assertThat(Normalizer.EPOCH_SECONDS.apply(BigDecimal.valueOf(millis, 3))).isEqualTo(new Normalized.Value(at));
        if (at.atOffset(ZoneOffset.ofHours(offsetHours)).getYear() >= 1
                && at.atOffset(ZoneOffset.ofHours(offsetHours)).getYear() <= 9999) {
            assertThat(Normalizer.INSTANT.apply(at.atOffset(ZoneOffset.ofHours(offsetHours)).toString()))
                    .isEqualTo(new Normalized.Value(at));
        }
    }

    private static boolean javaFormOf(SqlType type, Object v) {
        return switch (type) {
            case TEXT, JSONB -> v instanceof String;
            case NUMERIC -> v instanceof BigDecimal;
            case BIGINT -> v instanceof Long;
            case BOOLEAN -> v instanceof Boolean;
            case TIMESTAMPTZ -> v instanceof Instant i && !i.isBefore(Instant.parse("0001-01-01T00:00:00Z"))
                    && i.isBefore(Instant.parse("+10000-01-01T00:00:00Z"));
            case BYTEA -> v instanceof byte[];
            case TEXT_ARRAY -> v instanceof List<?> l && l.stream().allMatch(e -> e instanceof String s && !s.isEmpty());
            case NUMERIC_ARRAY -> v instanceof List<?> l && l.stream().allMatch(BigDecimal.class::isInstance);
            case BYTEA_ARRAY -> v instanceof Collection<?> l && l.stream().allMatch(byte[].class::isInstance);
        };
    }

    @Provide
    Arbitrary<Object> values() {
        return MessyItems.values();
    }

    @Provide
    Arbitrary<BigInteger> wide() {
        return Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))
                .edgeCases(c -> c.add(BigInteger.valueOf(Long.MAX_VALUE), BigInteger.valueOf(Long.MIN_VALUE),
                        BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
                        BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)));
    }

    @Provide
    Arbitrary<BigDecimal> numbers() {
        return MessyItems.numbers().filter(n -> n.precision() <= 38 && Math.abs(n.scale()) <= 130);
    }
}
