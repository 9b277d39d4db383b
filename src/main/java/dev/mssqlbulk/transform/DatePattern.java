package dev.mssqlbulk.transform;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQuery;
import java.util.Locale;

/**
 * A date field's {@code pattern} ({@link DateTimeFormatter} letters, as Open Connectors' Java-based platform takes
 * them): parses a file's value into the ISO text the column converters read, and formats a column's value back.
 *
 * <p>Parsing is strict, so {@code 31/02/2024} is refused rather than moved to the 29th. For that the year letter
 * {@code y} (year of era, which a strict parser cannot resolve without an era) is read as {@code u} (proleptic
 * year); the two agree for every year a client writes.
 */
public final class DatePattern {

    private static final OffsetDateTime SAMPLE = OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 0, ZoneOffset.ofHours(1));

    private final String pattern;
    private final DateTimeFormatter formatter;
    /**
     * What the pattern's values are (an instant with offset, a local date-time, a date or a time), found once from
     * a sample: {@link DateTimeFormatter#parseBest} finds it per value by trying each kind and catching the failures,
     * which cost ten times the rest of reading a row.
     */
    private final TemporalQuery<TemporalAccessor> kind;

    private DatePattern(String pattern, DateTimeFormatter formatter) {
        this.pattern = pattern;
        this.formatter = formatter;
        this.kind = kindOf(formatter);
    }

    /** @throws IllegalArgumentException when {@code pattern} is not a valid pattern */
    static DatePattern of(String pattern) {
        return new DatePattern(
                pattern,
                DateTimeFormatter.ofPattern(proleptic(pattern), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT));
    }

    private static TemporalQuery<TemporalAccessor> kindOf(DateTimeFormatter formatter) {
        try {
            TemporalAccessor sample = best(formatter, formatter.format(SAMPLE));
            if (sample instanceof OffsetDateTime) {
                return OffsetDateTime::from;
            }
            if (sample instanceof LocalDateTime) {
                return LocalDateTime::from;
            }
            return sample instanceof LocalDate ? LocalDate::from : LocalTime::from;
        } catch (RuntimeException e) {
            return null; // a pattern that cannot write the sample (e.g. a zone name): decide per value
        }
    }

    private static TemporalAccessor best(DateTimeFormatter formatter, String text) {
        return formatter.parseBest(text, OffsetDateTime::from, LocalDateTime::from, LocalDate::from, LocalTime::from);
    }

    public String pattern() {
        return pattern;
    }

    /**
     * The value as ISO text: {@code 2024-01-31}, {@code 2024-01-31T10:15:30}, with an offset when the pattern has
     * one, or a time alone.
     *
     * @throws DateTimeParseException when {@code text} does not match the pattern or is no real date
     */
    String toIso(String text) {
        String value = text.strip();
        TemporalAccessor parsed;
        try {
            parsed = kind == null ? best(formatter, value) : formatter.parse(value, kind);
        } catch (DateTimeParseException e) {
            parsed = best(formatter, value); // a pattern with optional sections may give another kind
        }
        if (parsed instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (parsed instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (parsed instanceof LocalDate d) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
        }
        return DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) parsed);
    }

    /** A date or time value as the pattern writes it. */
    String format(TemporalAccessor value) {
        return formatter.format(value);
    }

    /**
     * Whether the pattern can both write and read back a value of a column of this type: a pattern with hours
     * cannot format a {@code date}, one without a date cannot carry a {@code datetime2}'s day.
     */
    boolean carries(String dataType) {
        TemporalAccessor sample = switch (dataType) {
            case "date" -> LocalDate.of(2001, 2, 3);
            case "time" -> LocalTime.of(4, 5, 6);
            case "datetimeoffset" -> OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 0, ZoneOffset.ofHours(1));
            case "datetime", "datetime2", "smalldatetime" -> LocalDateTime.of(2001, 2, 3, 4, 5, 6);
            default -> null;
        };
        if (sample == null) {
            return true;
        }
        try {
            String written = format(sample);
            String back = toIso(written);
            return back.startsWith("time".equals(dataType) ? "04:05" : "2001-02-03");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code y} outside quoted literals becomes {@code u}. */
    private static String proleptic(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(!quoted && c == 'y' ? 'u' : c);
        }
        return out.toString();
    }
}
