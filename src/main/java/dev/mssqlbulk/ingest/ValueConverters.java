package dev.mssqlbulk.ingest;

import dev.mssqlbulk.catalog.Column;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@link ValueConverter} for each SQL Server type. Rules shared by all types:
 * <ul>
 *   <li>An empty field is NULL for every type, strings included (a CSV cannot tell an empty string from a missing
 *       value); whether the column allows NULL is checked by {@link RowConverter}.</li>
 *   <li>Numbers, {@code bit}, dates and times, {@code uniqueidentifier} and binary ignore surrounding whitespace;
 *       strings keep it.</li>
 *   <li>{@code bit} accepts {@code 1}, {@code 0}, {@code true}, {@code false} in any case: the words SQL Server
 *       itself converts to bit. Not {@code yes}/{@code no}, which SQL Server refuses.</li>
 *   <li>{@code xml}, {@code sql_variant}, {@code hierarchyid}, {@code geography}, {@code geometry} and types not
 *       listed here pass the text through unchanged; SQL Server converts it (XML text, {@code /1/2/} paths, WKT)
 *       and a value it cannot convert fails its row with the database's error.</li>
 * </ul>
 * See the converter classes for each family's notation, rounding and ranges.
 */
public final class ValueConverters {

    private static final int MAX_TIME_DIGITS = 7;
    private static final int DEFAULT_DECIMAL_PRECISION = 18;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ValueConverters() {}

    /** The converter for {@code column}'s type; it returns null for an empty field. */
    public static ValueConverter forColumn(Column column) {
        ValueConverter converter = forType(column);
        return raw -> raw.isEmpty() ? null : converter.convert(raw);
    }

    private static ValueConverter forType(Column column) {
        return switch (column.dataType()) {
            case "tinyint" -> IntegerConverter.TINYINT;
            case "smallint" -> IntegerConverter.SMALLINT;
            case "int" -> IntegerConverter.INT;
            case "bigint" -> IntegerConverter.BIGINT;
            case "bit" -> ValueConverters::bit;
            case "decimal", "numeric" ->
                DecimalConverter.decimal(
                        column.dataType(),
                        orDefault(column.precision(), DEFAULT_DECIMAL_PRECISION),
                        orDefault(column.scale(), 0));
            case "money" -> DecimalConverter.MONEY;
            case "smallmoney" -> DecimalConverter.SMALLMONEY;
            case "float" -> FloatConverter.FLOAT;
            case "real" -> FloatConverter.REAL;
            case "date" -> DateTimeConverters.date();
            case "time" -> DateTimeConverters.time(fractionDigits(column));
            case "datetime2" -> DateTimeConverters.datetime2(fractionDigits(column));
            case "datetime" -> DateTimeConverters.datetime();
            case "smalldatetime" -> DateTimeConverters.smalldatetime();
            case "datetimeoffset" -> DateTimeConverters.datetimeoffset(fractionDigits(column));
            case "uniqueidentifier" -> ValueConverters::uniqueidentifier;
            case "char", "varchar", "nchar", "nvarchar" ->
                column.isMax() || column.maxLength() == null ? raw -> raw : new StringConverter(column.maxLength());
            case "binary", "varbinary" -> new BinaryConverter(column.isMax() ? null : column.maxLength());
            case "image" -> new BinaryConverter(null);
            default -> raw -> raw; // text, ntext, xml, sql_variant, hierarchyid, geography, geometry, others
        };
    }

    private static Object bit(String raw) throws ValueRejected {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> Boolean.TRUE;
            case "0", "false" -> Boolean.FALSE;
            default ->
                throw new ValueRejected(ValueRejected.value(raw) + " is not a valid bit (use 1, 0, true or false)");
        };
    }

    /** With or without braces, in any case. */
    private static Object uniqueidentifier(String raw) throws ValueRejected {
        String text = raw.strip();
        if (text.length() == 38 && text.charAt(0) == '{' && text.charAt(37) == '}') {
            text = text.substring(1, 37);
        }
        if (!UUID_TEXT.matcher(text).matches()) {
            throw ValueRejected.notA(raw, "uniqueidentifier");
        }
        return UUID.fromString(text);
    }

    private static int fractionDigits(Column column) {
        return Math.min(orDefault(column.precision(), MAX_TIME_DIGITS), MAX_TIME_DIGITS);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
