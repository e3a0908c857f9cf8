package dev.doorbell.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The one shape of RFC 3339 timestamp that sleds and this system write, read without {@code java.time}'s
 * general parser: {@code yyyy-MM-ddTHH:mm:ss} with an optional fraction of 1 to 9 digits and {@code Z}, e.g.
 * {@code 2026-01-02T03:04:05.123456Z} (omicron's chrono writes UTC this way). The general parser
 * ({@code DateTimeFormatter}) builds a field map and resolves it for every value; on the fetcher's sled client
 * that was almost a third of decoding a sled's answer.
 *
 * <p>Anything else (an offset other than {@code Z}, lower-case letters, a leap second, a field out of range, a
 * day the month does not have) is not read here: {@link #parseCommonOrNull} answers {@code null} and the caller
 * parses the text the general way, with its own errors. What it does read, it reads as both general parsers
 * this system uses would ({@code Instant.parse} and {@code ISO_OFFSET_DATE_TIME}); {@code Rfc3339Test} checks
 * that over generated timestamps and near-misses.
 */
final class Rfc3339 {
    /** {@code yyyy-MM-ddTHH:mm:ssZ}. */
    private static final int SHORTEST = 20;
    private static final int FRACTION_START = 20;
    private static final int MAX_FRACTION_DIGITS = 9;
    private static final int SECONDS_PER_DAY = 86_400;

    private Rfc3339() {
    }

    /** @return the instant {@code text} names if it has the common shape, else {@code null} (parse it the general way) */
    static Instant parseCommonOrNull(String text) {
        if (!hasCommonSeparators(text)) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = nanosOf(text);
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** {@code ????-??-??T??:??:??} then {@code Z} or a fraction of 1 to 9 characters and {@code Z}. */
    private static boolean hasCommonSeparators(String text) {
        int length = text.length();
        boolean fraction = length > SHORTEST;
        return length >= SHORTEST && length <= SHORTEST + 1 + MAX_FRACTION_DIGITS && length != SHORTEST + 1
                && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == (fraction ? '.' : 'Z')
                && text.charAt(length - 1) == 'Z';
    }

    /** @return the fraction's nanoseconds (0 without one), or -1 if it is not all digits */
    private static int nanosOf(String text) {
        int length = text.length();
        if (length == SHORTEST) {
            return 0;
        }
        int nanos = digits(text, FRACTION_START, length - 1);
        for (int i = length - 1 - FRACTION_START; i < MAX_FRACTION_DIGITS && nanos >= 0; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** @return the decimal value of {@code text[from, to)}, at most 9 digits, or -1 if a character is not an ASCII digit */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
