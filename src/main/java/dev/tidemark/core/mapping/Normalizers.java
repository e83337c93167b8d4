package dev.tidemark.core.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.core.parse.MetadataDecoder;
import dev.tidemark.core.parse.SourceValues;
import dev.tidemark.core.parse.Rejections;
import dev.tidemark.core.parse.TextSanitizer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The normalizers' bodies. Built on the parser's readers ({@link SourceValues}, {@link TextSanitizer},
 * {@link MetadataDecoder}), so a mapped column reads a value exactly as today's parser reads the same field.
 * Each takes a non-null plain value.
 */
final class Normalizers {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Normalizers() {
    }

    static Normalized text(Object raw) {
        if (!SourceValues.isScalar(raw)) {
            return wrongType("text", raw);
        }
        return Normalized.of(SourceValues.text(raw));
    }

    static Normalized numeric(Object raw) {
        return read(raw, "a number", SourceValues::number);
    }

    static Normalized bigint(Object raw) {
        Optional<BigDecimal> number = SourceValues.number(raw);
        if (number.isEmpty()) {
            return unreadable(raw, "a whole number");
        }
        BigDecimal d = number.get();
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            return Normalized.invalid("not a whole number: " + abbreviate(d.toPlainString()));
        }
        if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
            return new Normalized.Refused("bigint overflow: " + abbreviate(d.toPlainString())
                    + " is outside -2^63..2^63-1");
        }
        return new Normalized.Value(d.longValueExact());
    }

    static Normalized bool(Object raw) {
        return switch (raw) {
            case Boolean b -> new Normalized.Value(b);
            case BigDecimal d when d.compareTo(BigDecimal.ZERO) == 0 -> new Normalized.Value(false);
            case BigDecimal d when d.compareTo(BigDecimal.ONE) == 0 -> new Normalized.Value(true);
            case String s -> {
                String t = TextSanitizer.clean(s);
                if (t == null) {
                    yield Normalized.ABSENT;
                }
                yield switch (t.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> new Normalized.Value(true);
                    case "false", "no", "0" -> new Normalized.Value(false);
                    default -> Normalized.invalid("not a boolean: " + abbreviate(t));
                };
            }
            default -> unreadable(raw, "a boolean");
        };
    }

    static Normalized instant(Object raw) {
        return read(raw, "an instant in years 1..9999", SourceValues::instant);
    }

    /** Seconds ({@code shift} 0) or milliseconds ({@code shift} 3) since 1970. */
    static Normalized epoch(Object raw, int shift) {
        return read(raw, shift == 0 ? "epoch seconds" : "epoch milliseconds", value -> SourceValues.number(value)
                .flatMap(n -> {
                    try {
                        BigDecimal millis = n.movePointRight(3 - shift).setScale(0, RoundingMode.FLOOR);
                        return Optional.of(Instant.ofEpochMilli(millis.longValueExact()));
                    } catch (ArithmeticException | DateTimeException e) {
                        return Optional.empty();
                    }
                })
                .filter(i -> !i.isBefore(SourceValues.MIN_INSTANT) && !i.isAfter(SourceValues.MAX_INSTANT)));
    }

    static Normalized json(Object raw) {
        return switch (MetadataDecoder.decode(raw)) {
            case MetadataDecoder.Decoded.Absent a -> Normalized.ABSENT;
            case MetadataDecoder.Decoded.NotJson n -> Normalized.invalid("not JSON");
            case MetadataDecoder.Decoded.Json(JsonNode node) ->
                    node.isNull() ? Normalized.ABSENT : new Normalized.Value(JsonValues.write(node));
        };
    }

    static Normalized stringSet(Object raw) {
        return elements(raw, "string set", Normalizers::text);
    }

    static Normalized numberSet(Object raw) {
        return elements(raw, "number set", Normalizers::numeric);
    }

    static Normalized binary(Object raw) {
        return raw instanceof byte[] bytes ? new Normalized.Value(bytes.clone()) : wrongType("binary", raw);
    }

    static Normalized binarySet(Object raw) {
        return elements(raw, "binary set", Normalizers::binary);
    }

    /**
     * A set or list, each element read by {@code element}: NULL and blank elements are left out (DynamoDB sets
     * hold neither), any other unreadable element makes the whole value unreadable, so nothing is half kept.
     */
    private static Normalized elements(Object raw, String what, Function<Object, Normalized> element) {
        if (!(raw instanceof Collection<?> items)) {
            return wrongType(what, raw);
        }
        List<Object> values = new ArrayList<>(items.size());
        int index = 0;
        for (Object item : items) {
            Normalized n = item == null ? Normalized.ABSENT : element.apply(item);
            switch (n) {
                case Normalized.Value(Object v) -> values.add(v);
                case Normalized.Null(String note) when note == null -> {
                    // a null or blank element: nothing to keep
                }
                case Normalized.Null(String note) -> {
                    return Normalized.invalid("element " + index + ": " + note);
                }
                case Normalized.Refused(String reason) -> {
                    return new Normalized.Refused("element " + index + ": " + reason);
                }
            }
            index++;
        }
        return new Normalized.Value(java.util.Collections.unmodifiableList(values));
    }

    private static <T> Normalized read(Object raw, String what, Function<Object, Optional<T>> reader) {
        Optional<T> value = reader.apply(raw);
        return value.isPresent() ? new Normalized.Value(value.get()) : unreadable(raw, what);
    }

    /** Blank text says nothing (NULL without a note); anything else unreadable is noted. */
    private static Normalized unreadable(Object raw, String what) {
        if (raw instanceof String s && TextSanitizer.clean(s) == null) {
            return Normalized.ABSENT;
        }
        return SourceValues.isScalar(raw) ? Normalized.invalid("not " + what + ": " + abbreviate(String.valueOf(raw)))
                : wrongType(what, raw);
    }

    private static Normalized wrongType(String what, Object raw) {
        return Normalized.invalid("expected " + what + ", found " + typeName(raw));
    }

    static String typeName(Object value) {
        return switch (value) {
            case Map<?, ?> m -> "a map";
            case java.util.Set<?> s -> "a set";
            case Collection<?> c -> "a list";
            case byte[] b -> "binary";
            case String s -> "a string";
            case BigDecimal d -> "a number";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            default -> value.getClass().getSimpleName();
        };
    }

    private static String abbreviate(String s) {
        return Rejections.abbreviate(TextSanitizer.preserve(s), 80);
    }
}
