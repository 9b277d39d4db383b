package dev.mssqlbulk.sqlserver;

import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Set;

/**
 * How a value read from SQL Server is written into a result: text that the upload side reads back as the same
 * value (ISO dates and times with their fractions, plain decimals, {@code 0x} hex for binary), and which SQL types
 * are numbers or booleans in JSON.
 */
public final class ResultValues {

    private static final Set<String> NUMBERS = Set.of(
            "tinyint", "smallint", "int", "bigint", "decimal", "numeric", "money", "smallmoney", "float", "real");

    private ResultValues() {}

    /** The value as text; null stays null. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof LocalDateTime dateTime) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
        }
        if (value instanceof LocalTime time) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(time);
        }
        if (value instanceof LocalDate date) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
        }
        if (value instanceof Buffer buffer) {
            return "0x" + HexFormat.of().withUpperCase().formatHex(buffer.getBytes());
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().withUpperCase().formatHex(bytes);
        }
        return value.toString();
    }

    /** Whether values of this SQL Server type are JSON numbers. */
    public static boolean isNumber(String dataType) {
        return NUMBERS.contains(dataType);
    }

    public static boolean isBoolean(String dataType) {
        return "bit".equals(dataType);
    }
}
