package dev.tidemark.core.parse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading typed values out of loosely typed source attributes. Empty means "absent or unreadable". */
public final class SourceValues {
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(100_000_000_000L);

    /**
     * The instants PostgreSQL's {@code timestamptz} and {@link Instant#toString()} agree on: years 1 to 9999.
     * Outside it PostgreSQL rejects the value (or Java prints a sign PostgreSQL cannot read), which would
     * roll back the whole page; such a time is unreadable, not an exception.
     */
    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * Bounds for an exact decimal: far beyond DynamoDB's 38 digits, far inside PostgreSQL {@code numeric}
     * (131072 digits before the point, 16383 after) and Jackson's plain-writing limit (scale ±9999). A
     * number outside them ("1e999999999" in a JSON string) is kept as text instead of expanding to a
     * gigabyte of zeros.
     */
    private static final int MAX_DIGITS = 1000;

    /** "1,234,567.89": commas only as thousands separators, so "1,5" (a decimal comma) is not read as 15. */
    private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");

    /** ISO-8601 date 'T' time, then an optional offset ("Z", "+02:00", "+0200") and an optional [zone id]. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']')
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    /** DynamoDB's own limit for a partition key value, so a real table key always fits. */
    static final int MAX_KEY_BYTES = 2048;

    private SourceValues() {
    }

    /** The key exactly as the source has it, or empty if PostgreSQL could not store it unchanged. */
    public static Optional<String> key(Object raw) {
        String key = switch (raw) {
            case String s -> s;
            // DynamoDB number keys are canonical: 1.0 and 1 are the same key.
            case BigDecimal d -> fitsNumeric(d) ? d.stripTrailingZeros().toPlainString() : null;
            default -> null;
        };
        if (key == null || key.isBlank() || !TextSanitizer.isStorableAsIs(key)
                || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    /** Null and blank strings are "absent" (empty → null), not invalid. */
    static boolean isSomething(Object raw) {
        return raw != null && !(raw instanceof String s && TextSanitizer.clean(s) == null);
    }

    public static String text(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> TextSanitizer.clean(s);
            case BigDecimal d -> fitsNumeric(d) ? d.toPlainString() : d.toString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> null;
        };
    }

    /** True for values {@link #text} can read: scalars. Maps, lists, sets and binary are the wrong type. */
    public static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** Exact decimal; numbers that arrive as strings ("1234", " 1,234 ") are accepted. */
    public static Optional<BigDecimal> number(Object value) {
        return switch (value) {
            case BigDecimal d -> fitsNumeric(d) ? Optional.of(d) : Optional.empty();
            case Number n -> {
                try {
                    yield number(new BigDecimal(n.toString()));
                } catch (NumberFormatException nonFinite) {
                    yield Optional.empty();
                }
            }
            case String s -> {
                String t = TextSanitizer.clean(s);
                if (t == null || t.length() > MAX_DIGITS + 16) {
                    yield Optional.empty();
                }
                try {
                    yield number(new BigDecimal(GROUPED.matcher(t).matches() ? t.replace(",", "") : t));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
            case null, default -> Optional.empty();
        };
    }

    /**
     * A tombstone flag: BOOL, a number (non-zero is deleted), text ({@code true}, {@code yes}, {@code 1} are
     * deleted, anything else is not), absent (not deleted); empty for any other type (a map, a list, binary).
     */
    public static Optional<Boolean> tombstoneFlag(Object flag) {
        return switch (flag) {
            case Boolean b -> Optional.of(b);
            case String s -> Optional.of(java.util.Set.of("true", "yes", "1").contains(s.strip().toLowerCase(java.util.Locale.ROOT)));
            case BigDecimal d -> Optional.of(d.signum() != 0);
            case null -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    public static boolean fitsNumeric(BigDecimal d) {
        return d.precision() <= MAX_DIGITS && Math.abs(d.scale()) <= MAX_DIGITS;
    }

    /**
     * An instant in UTC. Accepted: ISO-8601 date-time with {@code Z}, an offset or a zone (converted to
     * UTC), a space instead of the {@code T}, a local date-time (taken as UTC: the source contract says
     * timestamps are UTC), a date alone (its UTC midnight), and epoch seconds or milliseconds as numbers.
     * Strict: minute 61 or February 30 is no instant at all. Years outside 1..9999 are unreadable.
     */
    public static Optional<Instant> instant(Object value) {
        return parseInstant(value).filter(i -> !i.isBefore(MIN_INSTANT) && !i.isAfter(MAX_INSTANT));
    }

    private static Optional<Instant> parseInstant(Object value) {
        if (value instanceof Number) {
            return epoch(value.toString());
        }
        if (!(value instanceof String s)) {
            return Optional.empty();
        }
        String t = TextSanitizer.clean(s);
        if (t == null || t.length() > 100) {
            return Optional.empty();
        }
        Instant common = IsoTimestamps.parseCommonShape(t);
        return common != null ? Optional.of(common) : parseAnyShape(t);
    }

    /** Every accepted shape, through java.time: the reference {@link IsoTimestamps}' shortcut agrees with. */
    static Optional<Instant> parseAnyShape(String t) {
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            TemporalAccessor parsed = DATE_TIME.parseBest(t, ZonedDateTime::from, LocalDateTime::from);
            return Optional.of(parsed instanceof ZonedDateTime z ? z.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException ignored) {
            // try the next accepted shape
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeException ignored) {
            // try the next accepted shape
        }
        // A short number in a string ("2026", "15") is a year or a count, not seconds since 1970.
        return t.replaceFirst("^[+-]", "").split("\\.")[0].length() >= 9 ? epoch(t) : Optional.empty();
    }

    private static Optional<Instant> epoch(String text) {
        try {
            BigDecimal epoch = new BigDecimal(text);
            if (!fitsNumeric(epoch)) {
                return Optional.empty();
            }
            BigDecimal millis = epoch.abs().compareTo(MAX_EPOCH_SECONDS) < 0 ? epoch.movePointRight(3) : epoch;
            return Optional.of(Instant.ofEpochMilli(millis.setScale(0, RoundingMode.FLOOR).longValueExact()));
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
