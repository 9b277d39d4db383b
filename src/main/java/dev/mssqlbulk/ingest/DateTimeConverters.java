package dev.mssqlbulk.ingest;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * The date and time types, in ISO 8601 notation with SQL Server's liberties:
 * <ul>
 *   <li>{@code date}: {@code 2024-01-31} -> {@link LocalDate}, 0001-01-01 to 9999-12-31.</li>
 *   <li>{@code time(n)}: {@code 10:15}, {@code 10:15:30}, {@code 10:15:30.1234567} -> {@link LocalTime}.</li>
 *   <li>{@code datetime2(n)}, {@code datetime}, {@code smalldatetime}: a date, then optionally {@code T} or a space
 *       and a time; a date alone means midnight -> {@link LocalDateTime}.</li>
 *   <li>{@code datetimeoffset(n)}: like datetime2, then optionally an offset ({@code +02:00}, {@code -05:30},
 *       {@code Z}), which may follow a space as SQL Server writes it -> {@link OffsetDateTime}. Without an offset
 *       the value is taken as UTC ({@code +00:00}), which is what SQL Server does when it converts such a string.
 *       Offsets are limited to SQL Server's -14:00 to +14:00.</li>
 * </ul>
 * At most 7 fractional-second digits are accepted (SQL Server's finest precision). Extra precision is rounded
 * half up, as SQL Server does: to {@code n} digits for {@code time(n)}, {@code datetime2(n)} and
 * {@code datetimeoffset(n)}; to datetime's 1/300 s ticks, written as {@code .000}, {@code .003} or {@code .007};
 * to the minute for smalldatetime (from 29.999 s up). A {@code time} that would round past midnight is rejected.
 * Each type's range is checked after rounding.
 */
final class DateTimeConverters {

    private static final int MAX_FRACTION_DIGITS = 7;
    private static final String DATE_FORMAT = "yyyy-mm-dd";
    private static final String TIME_FORMAT = "hh:mm[:ss[.fffffff]]";
    private static final String DATE_TIME_FORMAT = DATE_FORMAT + "[ " + TIME_FORMAT + "]";
    private static final String DATE_TIME_OFFSET_FORMAT = DATE_FORMAT + "[ " + TIME_FORMAT + "[+hh:mm or Z]]";

    private static final LocalDateTime MIN_DATETIME2 = LocalDate.of(1, 1, 1).atStartOfDay();
    private static final LocalDateTime MAX_DATETIME2 =
            LocalDate.of(9999, 12, 31).atTime(LocalTime.MAX);
    private static final LocalDateTime MIN_DATETIME = LocalDate.of(1753, 1, 1).atStartOfDay();
    private static final LocalDateTime MIN_SMALLDATETIME =
            LocalDate.of(1900, 1, 1).atStartOfDay();
    private static final LocalDateTime MAX_SMALLDATETIME = LocalDateTime.of(2079, 6, 6, 23, 59);
    private static final int MAX_OFFSET_SECONDS = 14 * 3600;

    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendValue(HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(NANO_OF_SECOND, 1, MAX_FRACTION_DIGITS, true)
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** Package-visible for the test that holds {@link IsoDateTimes} against it. */
    static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(TIME)
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private static final DateTimeFormatter DATE_TIME_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(TIME)
            .optionalStart()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private DateTimeConverters() {}

    static ValueConverter date() {
        return raw -> {
            LocalDate fast = IsoDateTimes.date(normalized(raw));
            LocalDate value = fast != null
                    ? fast
                    : parse(raw, DateTimeFormatter.ISO_LOCAL_DATE, "date", DATE_FORMAT)
                            .query(LocalDate::from);
            checkRange(raw, value.atStartOfDay(), MIN_DATETIME2, MAX_DATETIME2, "date");
            return value;
        };
    }

    static ValueConverter time(int digits) {
        return raw -> {
            LocalTime value = parse(raw, TIME, "time", TIME_FORMAT).query(LocalTime::from);
            LocalDateTime rounded = round(value.atDate(LocalDate.EPOCH), digits);
            if (!rounded.toLocalDate().equals(LocalDate.EPOCH)) {
                throw new ValueRejected(ValueRejected.value(raw) + " rounds past midnight in time(" + digits + ")");
            }
            return rounded.toLocalTime();
        };
    }

    static ValueConverter datetime2(int digits) {
        return raw -> {
            LocalDateTime value = round(dateTime(raw, "datetime2"), digits);
            return checkRange(raw, value, MIN_DATETIME2, MAX_DATETIME2, "datetime2");
        };
    }

    static ValueConverter datetime() {
        return raw -> {
            LocalDateTime value = roundToDatetimeTicks(dateTime(raw, "datetime"));
            return checkRange(raw, value, MIN_DATETIME, MAX_DATETIME2, "datetime");
        };
    }

    static ValueConverter smalldatetime() {
        return raw -> {
            LocalDateTime value = roundToDatetimeTicks(dateTime(raw, "smalldatetime"));
            LocalDateTime minute = value.withSecond(0).withNano(0);
            if (value.getSecond() >= 30) {
                minute = minute.plusMinutes(1);
            }
            return checkRange(raw, minute, MIN_SMALLDATETIME, MAX_SMALLDATETIME, "smalldatetime");
        };
    }

    static ValueConverter datetimeoffset(int digits) {
        return raw -> {
            TemporalAccessor parsed = parse(raw, DATE_TIME_OFFSET, "datetimeoffset", DATE_TIME_OFFSET_FORMAT);
            ZoneOffset offset = parsed.query(TemporalQueries.offset());
            if (offset == null) {
                offset = ZoneOffset.UTC;
            } else if (Math.abs(offset.getTotalSeconds()) > MAX_OFFSET_SECONDS) {
                throw new ValueRejected(
                        ValueRejected.value(raw) + " has an offset beyond SQL Server's -14:00 to +14:00");
            }
            LocalDateTime local = round(localDateTime(parsed), digits);
            checkRange(raw, local, MIN_DATETIME2, MAX_DATETIME2, "datetimeoffset");
            OffsetDateTime value = OffsetDateTime.of(local, offset);
            checkRange(
                    raw,
                    value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(),
                    MIN_DATETIME2,
                    MAX_DATETIME2,
                    "datetimeoffset");
            return value;
        };
    }

    /** A date and optional time, read by {@link IsoDateTimes} when it can, else by the formatter. */
    private static LocalDateTime dateTime(String raw, String typeName) throws ValueRejected {
        LocalDateTime fast = IsoDateTimes.dateTime(normalized(raw));
        return fast != null ? fast : localDateTime(parse(raw, DATE_TIME, typeName, DATE_TIME_FORMAT));
    }

    /** The text without surrounding blanks, a space between date and time taken for ISO's {@code T}. */
    private static String normalized(String raw) {
        String text = raw.strip();
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        return text;
    }

    private static TemporalAccessor parse(String raw, DateTimeFormatter format, String typeName, String expected)
            throws ValueRejected {
        String text = normalized(raw);
        try {
            return format.parse(text);
        } catch (DateTimeException e) {
            throw new ValueRejected(
                    ValueRejected.value(raw) + " is not a valid " + typeName + " (expected " + expected + ")");
        }
    }

    /** The date and, when given, the time of a parsed value; midnight when only a date was given. */
    private static LocalDateTime localDateTime(TemporalAccessor parsed) {
        LocalTime time = parsed.query(TemporalQueries.localTime());
        return parsed.query(LocalDate::from).atTime(time == null ? LocalTime.MIDNIGHT : time);
    }

    /** Rounds the fractional seconds half up to {@code digits} digits. */
    private static LocalDateTime round(LocalDateTime value, int digits) {
        long unit = pow10(9 - digits);
        long remainder = value.getNano() % unit;
        LocalDateTime down = value.minusNanos(remainder);
        return remainder * 2 >= unit ? down.plusNanos(unit) : down;
    }

    /** Rounds half up to datetime's 1/300 s ticks, written in milliseconds as SQL Server shows them (.003, .007). */
    private static LocalDateTime roundToDatetimeTicks(LocalDateTime value) {
        long ticks = (value.getNano() * 300L + 500_000_000L) / 1_000_000_000L;
        long millis = (ticks * 1000 + 150) / 300;
        return value.withNano(0).plusNanos(millis * 1_000_000L);
    }

    private static LocalDateTime checkRange(
            String raw, LocalDateTime value, LocalDateTime min, LocalDateTime max, String typeName)
            throws ValueRejected {
        if (value.isBefore(min) || value.isAfter(max)) {
            throw new ValueRejected(ValueRejected.value(raw) + " is out of range for " + typeName + " ("
                    + min.toLocalDate() + " to " + max.toLocalDate() + ")");
        }
        return value;
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
