package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How one column's converted values are handed to {@code SQLServerBulkCopy}: the JDBC type it is announced as,
 * and the Java type the driver's encoder expects for it (it casts: an {@code int} column wants an Integer, a
 * {@code time} column a Timestamp). The values the upload core produces are already range-checked and rounded
 * for the column, so nothing here can fail for a value the batch writer would accept.
 *
 * <p>The driver takes {@code time}, {@code datetime2}, {@code datetime} and {@code smalldatetime} values as
 * {@link Timestamp} and reads their fields back in the JVM's default time zone, where a local time inside a
 * daylight-saving gap does not exist and would move by the gap. Those columns are carried only when the default
 * zone has a fixed offset (UTC in containers, or {@code TZ=UTC}); otherwise such uploads use statements.
 *
 * <p>The driver's calendar is Java's hybrid Julian-Gregorian one: a {@code datetimeoffset} handed over as a
 * DateTimeOffset (an instant) lands two days off before 1582, so it is handed over as text, which the driver parses
 * field by field into the same binary form; and the ten days October 1582 skipped do not exist for it at all, so a
 * batch holding a date of that month is not {@link #exact} and goes through statements.
 *
 * <p>Character columns are announced as Unicode, whatever the column's code page: the server converts, exactly as
 * it does for the batch writer's nvarchar parameters (the driver's own varchar path sends the character count as
 * the byte length, which is wrong for multi-byte collations).
 *
 * @param jdbcType  java.sql.Types or microsoft.sql.Types code
 * @param precision digits, characters or bytes; {@link Integer#MAX_VALUE} for (max) types, which stream
 * @param scale     decimal places or fractional-second digits
 */
public record BulkCopyValues(int jdbcType, int precision, int scale, UnaryOperator<Object> adapter) {

    private static final int MAX = Integer.MAX_VALUE;
    private static final LocalDate TIME_BASE_DATE = LocalDate.of(1900, 1, 1);
    private static final DateTimeFormatter OFFSET_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS xxx");
    /** The last year the JDK's hybrid calendar and the ISO calendar can disagree on (the changeover of 1582). */
    private static final int GREGORIAN_SINCE = 1582;

    private static final Set<String> LOCAL_TIMESTAMPS = Set.of("time", "datetime2", "datetime", "smalldatetime");

    /** Whether bulk copy can carry this column's values exactly, as the upload core converts them. */
    public static boolean carries(Column column) {
        return forColumn(column) != null
                && (!LOCAL_TIMESTAMPS.contains(column.dataType())
                        || ZoneId.systemDefault().getRules().isFixedOffset());
    }

    /** The announcement and adapter for {@code column}; null for a type bulk copy does not carry. */
    public static BulkCopyValues forColumn(Column column) {
        int fraction = column.precision() == null ? 7 : column.precision();
        ZoneOffset zone = fixedOffset();
        return switch (column.dataType()) {
            case "tinyint" -> of(Types.TINYINT, 3, 0, v -> v instanceof Short ? v : ((Number) v).shortValue());
            case "smallint" -> of(Types.SMALLINT, 5, 0, v -> v instanceof Short ? v : ((Number) v).shortValue());
            case "int" -> of(Types.INTEGER, 10, 0, v -> v instanceof Integer ? v : ((Number) v).intValue());
            case "bigint" -> of(Types.BIGINT, 19, 0, v -> v instanceof Long ? v : ((Number) v).longValue());
            case "bit" -> of(Types.BIT, 1, 0, v -> v);
            case "decimal", "numeric" ->
                of(
                        "decimal".equals(column.dataType()) ? Types.DECIMAL : Types.NUMERIC,
                        column.precision() == null ? 18 : column.precision(),
                        column.scale() == null ? 0 : column.scale(),
                        v -> (BigDecimal) v);
            case "money" -> of(microsoft.sql.Types.MONEY, 19, 4, v -> (BigDecimal) v);
            case "smallmoney" -> of(microsoft.sql.Types.SMALLMONEY, 10, 4, v -> (BigDecimal) v);
            case "float" -> of(Types.DOUBLE, 15, 0, v -> ((Number) v).doubleValue());
            case "real" -> of(Types.REAL, 7, 0, v -> ((Number) v).floatValue());
            case "date" -> of(Types.DATE, 10, 0, v -> v.toString());
            case "time" ->
                of(Types.TIME, 16, fraction, v -> timestamp(LocalDateTime.of(TIME_BASE_DATE, (LocalTime) v), zone));
            case "datetime2" -> of(Types.TIMESTAMP, 27, fraction, v -> timestamp((LocalDateTime) v, zone));
            case "datetime" -> of(microsoft.sql.Types.DATETIME, 23, 3, v -> timestamp((LocalDateTime) v, zone));
            case "smalldatetime" ->
                of(microsoft.sql.Types.SMALLDATETIME, 16, 0, v -> timestamp((LocalDateTime) v, zone));
            case "datetimeoffset" ->
                of(microsoft.sql.Types.DATETIMEOFFSET, 34, fraction, v -> OFFSET_TEXT.format((OffsetDateTime) v));
            case "uniqueidentifier" -> of(microsoft.sql.Types.GUID, 36, 0, Object::toString);
            case "char", "nchar" -> of(Types.NCHAR, column.maxLength(), 0, v -> v);
            case "varchar", "nvarchar" -> of(Types.NVARCHAR, column.isMax() ? MAX : column.maxLength(), 0, v -> v);
            case "binary" -> of(Types.BINARY, column.maxLength(), 0, BulkCopyValues::bytes);
            case "varbinary" ->
                of(Types.VARBINARY, column.isMax() ? MAX : column.maxLength(), 0, BulkCopyValues::bytes);
            default -> null; // text, ntext, image, xml, sql_variant, hierarchyid, geography, geometry: statements only
        };
    }

    private static BulkCopyValues of(int jdbcType, Integer precision, int scale, UnaryOperator<Object> adapter) {
        return new BulkCopyValues(jdbcType, precision == null ? MAX : precision, scale, adapter);
    }

    /** Whether this column's values are dates or times, whose exactness {@link #exact} must check. */
    public boolean dated() {
        return switch (jdbcType) {
            case Types.DATE,
                    Types.TIME,
                    Types.TIMESTAMP,
                    microsoft.sql.Types.DATETIME,
                    microsoft.sql.Types.SMALLDATETIME,
                    microsoft.sql.Types.DATETIMEOFFSET -> true;
            default -> false;
        };
    }

    /** Whether the driver encodes {@code converted} exactly: false for dates in October 1582 (see above). */
    public static boolean exact(Object converted) {
        if (converted instanceof LocalDate date) {
            return !(date.getYear() == 1582 && date.getMonthValue() == 10);
        }
        if (converted instanceof LocalDateTime dateTime) {
            return exact(dateTime.toLocalDate());
        }
        if (converted instanceof OffsetDateTime dateTime) {
            return exact(dateTime.toLocalDate())
                    && exact(dateTime.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
        }
        return true;
    }

    /** The value the driver expects for {@code converted}, a value of this column from the upload core. */
    public Object adapt(Object converted) {
        return converted == null ? null : adapter.apply(converted);
    }

    /**
     * {@code Timestamp.valueOf(dateTime)}, which builds the instant through {@code java.util.Date}'s field
     * constructor and a calendar of the default zone for every value. Where that zone has a fixed offset (the only
     * zone in which local timestamps are bulk-copied, see {@link #carries}) and the date is past the Julian-Gregorian
     * changeover, the instant is the same arithmetic on the ISO fields, without a calendar. Earlier dates keep the
     * JDK's conversion, whose hybrid calendar the driver reads them back with.
     */
    static Timestamp timestamp(LocalDateTime dateTime, ZoneOffset zone) {
        if (zone == null || dateTime.getYear() <= GREGORIAN_SINCE) {
            return Timestamp.valueOf(dateTime);
        }
        Timestamp timestamp = new Timestamp(dateTime.toEpochSecond(zone) * 1000);
        timestamp.setNanos(dateTime.getNano());
        return timestamp;
    }

    /** The default zone's offset when it never changes; null otherwise. */
    private static ZoneOffset fixedOffset() {
        ZoneId zone = ZoneId.systemDefault();
        return zone.getRules().isFixedOffset() ? zone.getRules().getOffset(java.time.Instant.EPOCH) : null;
    }

    private static Object bytes(Object value) {
        return value instanceof Buffer buffer ? buffer.getBytes() : value;
    }
}
