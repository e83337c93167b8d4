package dev.tidemark.core.parse;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written common-shape reader never disagrees with the java.time path it short-cuts: it answers the same
 * instant or leaves the text to that path, and it does answer for every valid text of its shape.
 */
class IsoTimestampsProperties {

    @Test
    void readsTheCommonShapesAndLeavesTheRestToTheGeneralPath() {
        assertThat(IsoTimestamps.parseCommonShape("2026-03-14T09:26:53.589Z")).isEqualTo(Instant.parse("2026-03-14T09:26:53.589Z"));
        assertThat(IsoTimestamps.parseCommonShape("2026-03-14 09:26:53+05:30")).isEqualTo(Instant.parse("2026-03-14T03:56:53Z"));
        assertThat(IsoTimestamps.parseCommonShape("2024-02-29t23:59:59.123456789z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.123456789Z"));
        assertThat(IsoTimestamps.parseCommonShape("2026-03-14T09:26:53")).isEqualTo(Instant.parse("2026-03-14T09:26:53Z"));
        for (String other : new String[] {"2026-02-29T10:00:00Z", "2026-03-14T24:00:00Z", "2026-03-14T09:26Z",
                "2026-03-14T09:26:53.Z", "2026-03-14T09:26:53.1234567890Z", "2026-03-14T09:26:53+0200",
                "2026-03-14T09:26:53+19:00", "2026-03-14T09:26:53Z[UTC]", "+12026-03-14T09:26:53Z", "2026-03-14"}) {
            assertThat(IsoTimestamps.parseCommonShape(other)).as(other).isNull();
        }
    }

    @Property(tries = 3000)
    void agreesWithTheGeneralPathOnEveryTextOfTheShape(
            @ForAll @IntRange(min = 0, max = 9999) int year, @ForAll @IntRange(min = 1, max = 12) int month,
            @ForAll @IntRange(min = 1, max = 31) int day, @ForAll @IntRange(min = 0, max = 24) int hour,
            @ForAll @IntRange(min = 0, max = 60) int minute, @ForAll @IntRange(min = 0, max = 60) int second,
            @ForAll @IntRange(min = -1, max = 10) int fractionDigits, @ForAll @IntRange(min = 0, max = 999_999_999) int fraction,
            @ForAll @IntRange(min = 0, max = 2) int separator, @ForAll @IntRange(min = 0, max = 4) int zone,
            @ForAll @IntRange(min = 0, max = 19) int offsetHours, @ForAll @IntRange(min = 0, max = 60) int offsetMinutes) {
        String text = text(year, month, day, hour, minute, second, fractionDigits, fraction, separator, zone,
                offsetHours, offsetMinutes);
        Instant shortcut = IsoTimestamps.parseCommonShape(text);
        Optional<Instant> general = SourceValues.parseAnyShape(text);
        if (shortcut != null) {
            assertThat(general).as(text).contains(shortcut);
        }
        boolean valid = day <= java.time.YearMonth.of(year, month).lengthOfMonth() && hour < 24 && minute < 60
                && second < 60 && fractionDigits != 0 && fractionDigits < 10
                && (zone < 3 || offsetHours * 60 + offsetMinutes <= 18 * 60 && offsetMinutes < 60);
        assertThat(shortcut != null).as("shortcut answers %s", text).isEqualTo(valid);
    }

    /** One character of a valid text changed: the shortcut answers as the general path does, or not at all. */
    @Property(tries = 3000)
    void neverAnswersDifferentlyOnADamagedText(@ForAll @IntRange(min = 0, max = 29) int position,
                                               @ForAll @CharRange(from = ' ', to = 'z') char replacement,
                                               @ForAll @IntRange(min = 0, max = 4) int zone) {
        String valid = text(2024, 2, 29, 23, 59, 58, 6, 123456, 0, zone, 5, 30);
        String damaged = position < valid.length()
                ? valid.substring(0, position) + replacement + valid.substring(position + 1)
                : valid + replacement;
        Instant shortcut = IsoTimestamps.parseCommonShape(damaged);
        if (shortcut != null) {
            assertThat(SourceValues.parseAnyShape(damaged)).as(damaged).contains(shortcut);
        }
    }

    private static String text(int year, int month, int day, int hour, int minute, int second, int fractionDigits,
                               int fraction, int separator, int zone, int offsetHours, int offsetMinutes) {
        StringBuilder t = new StringBuilder(String.format("%04d-%02d-%02d%c%02d:%02d:%02d", year, month, day,
                "Tt ".charAt(separator), hour, minute, second));
        if (fractionDigits >= 0) {
            String digits = String.format("%09d", fraction) + "0";
            t.append('.').append(digits, 0, fractionDigits);
        }
        switch (zone) {
            case 0 -> { }
            case 1 -> t.append('Z');
            case 2 -> t.append('z');
            default -> t.append(zone == 3 ? '+' : '-').append(String.format("%02d:%02d", offsetHours, offsetMinutes));
        }
        return t.toString();
    }
}
