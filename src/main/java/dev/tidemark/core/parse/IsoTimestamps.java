package dev.tidemark.core.parse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * The one timestamp shape nearly every source writes, read by hand: {@code 2026-03-14T09:26:53.589Z}, with
 * {@code T}, {@code t} or a space, 0 or 1–9 fraction digits, and {@code Z}, {@code z}, {@code ±HH:MM} or nothing
 * (UTC, as the source contract says). Profiled in {@code bin/bench}, the general java.time formatter that
 * {@link SourceValues#instant} falls back to cost about 40 % of mapping an item, on the read-ahead threads that
 * share the machine with the writer.
 *
 * <p>Answers only when sure: any other text, or a value this shape cannot hold (February 30, hour 24, an offset
 * past ±18:00), gives null and the general path decides, so both paths agree on every input
 * ({@code IsoTimestampsProperties}).
 */
final class IsoTimestamps {
    private static final int[] SCALE = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private IsoTimestamps() {
    }

    /** The instant, or null if {@code t} is not exactly the common shape with valid fields. */
    static Instant parseCommonShape(String t) {
        int n = t.length();
        if (n < 19 || n > 35 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        char separator = t.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(t.charAt(i))) {
                nanos = nanos * 10 + (t.charAt(i) - '0');
                i++;
            }
            int width = i - start;
            if (width == 0 || width > 9) {
                return null;
            }
            nanos *= SCALE[9 - width];
        }
        int offsetSeconds = offsetSeconds(t, i);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Seconds east of UTC for what follows the time at {@code i}, or MIN_VALUE if it is not Z, ±HH:MM or nothing. */
    private static int offsetSeconds(String t, int i) {
        int n = t.length();
        if (i == n) {
            return 0;
        }
        char c = t.charAt(i);
        if (i == n - 1 && (c == 'Z' || c == 'z')) {
            return 0;
        }
        if (i != n - 6 || (c != '+' && c != '-') || t.charAt(i + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(t, i + 1, i + 3);
        int minutes = digits(t, i + 4, i + 6);
        if (hours < 0 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        if (seconds > MAX_OFFSET_SECONDS) {
            return Integer.MIN_VALUE;
        }
        return c == '-' ? -seconds : seconds;
    }

    /** The decimal value of the ASCII digits in [from, to), or -1 if any is not a digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
