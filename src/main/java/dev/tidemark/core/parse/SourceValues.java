package dev.tidemark.core.parse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading typed values out of loosely typed source attributes. Empty means "absent or unreadable". */
final class SourceValues {
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(100_000_000_000L);

    private SourceValues() {
    }

    static String text(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> TextSanitizer.clean(s);
            case BigDecimal d -> d.toPlainString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> null;
        };
    }

    /** Exact decimal; numbers that arrive as strings ("1234", " 1,234 ") are accepted. */
    static Optional<BigDecimal> number(Object value) {
        return switch (value) {
            case BigDecimal d -> Optional.of(d);
            case Number n -> Optional.of(new BigDecimal(n.toString()));
            case String s -> {
                String t = TextSanitizer.clean(s);
                if (t == null) {
                    yield Optional.empty();
                }
                try {
                    yield Optional.of(new BigDecimal(t.replace(",", "").replace("_", "")));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
            case null, default -> Optional.empty();
        };
    }

    /**
     * An instant in UTC. Accepted: ISO-8601 with {@code Z} or an offset (converted to UTC), an ISO local
     * date-time (taken as UTC: the source contract says timestamps are UTC), a date alone (its UTC
     * midnight), and epoch seconds or milliseconds as numbers.
     */
    static Optional<Instant> instant(Object value) {
        if (value instanceof Number) {
            try {
                return Optional.of(fromEpoch(new BigDecimal(value.toString())));
            } catch (DateTimeException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        if (!(value instanceof String s)) {
            return Optional.empty();
        }
        String t = TextSanitizer.clean(s);
        if (t == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the next accepted shape
        }
        try {
            return Optional.of(LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // try the next accepted shape
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the next accepted shape
        }
        try {
            return Optional.of(fromEpoch(new BigDecimal(t)));
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Instant fromEpoch(BigDecimal epoch) {
        BigDecimal millis = epoch.abs().compareTo(MAX_EPOCH_SECONDS) < 0 ? epoch.movePointRight(3) : epoch;
        return Instant.ofEpochMilli(millis.setScale(0, RoundingMode.FLOOR).longValueExact());
    }
}
