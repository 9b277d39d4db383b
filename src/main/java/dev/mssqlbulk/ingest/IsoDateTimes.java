package dev.mssqlbulk.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * The forms nearly every file writes its dates in, {@code 2024-01-31} and {@code 2024-01-31T10:15[:30[.1234567]]},
 * read digit by digit. {@link java.time.format.DateTimeFormatter} reads them too, but its optional sections copy
 * their parsed fields into a new map per section and value, which made date parsing the largest part of converting
 * a row. Anything else, a day that does not exist included, is left to the formatter ({@code null}), so values and
 * error messages stay exactly the formatter's.
 */
final class IsoDateTimes {

    private static final int MAX_FRACTION_DIGITS = 7;
    /** Nanoseconds per unit of a fraction of n digits, by n. */
    private static final int[] NANOS_PER_UNIT = {
        1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100
    };

    private IsoDateTimes() {}

    /** {@code yyyy-MM-dd} exactly, or null. */
    static LocalDate date(String text) {
        return text.length() == 10 ? dateAt(text) : null;
    }

    /** A date, or a date, {@code T} and a time of {@code HH:mm[:ss[.f{1,7}]]}, or null. */
    static LocalDateTime dateTime(String text) {
        int length = text.length();
        if (length == 10) {
            LocalDate date = dateAt(text);
            return date == null ? null : date.atStartOfDay();
        }
        if (length < 16 || text.charAt(10) != 'T' || text.charAt(13) != ':') {
            return null;
        }
        LocalDate date = dateAt(text);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = 0;
        int nanos = 0;
        if (length > 16) {
            if (length < 19 || text.charAt(16) != ':') {
                return null;
            }
            second = digits(text, 17, 19);
            if (length > 19) {
                int fractionDigits = length - 20;
                if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > MAX_FRACTION_DIGITS) {
                    return null;
                }
                int fraction = digits(text, 20, length);
                if (fraction < 0) {
                    return null;
                }
                nanos = fraction * NANOS_PER_UNIT[fractionDigits];
            }
        }
        if (date == null || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate dateAt(String text) {
        if (text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number written in {@code text[from, to)}, or -1 when a character there is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
