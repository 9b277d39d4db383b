package dev.mssqlbulk.transform;

import dev.mssqlbulk.catalog.Column;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * The four field types of a transformation, which columns each may map to, and how a file's text of that type
 * becomes the text the column's converter reads (which then checks range, length, precision as for any upload).
 */
public enum FieldType {
    STRING,
    NUMBER,
    BOOLEAN,
    DATE;

    private static final Set<String> CHARACTER = Set.of("char", "varchar", "nchar", "nvarchar", "text", "ntext");
    private static final Set<String> NUMERIC = Set.of(
            "tinyint",
            "smallint",
            "int",
            "bigint",
            "decimal",
            "numeric",
            "money",
            "smallmoney",
            "float",
            "real",
            "bit");
    private static final Set<String> TEMPORAL =
            Set.of("date", "time", "datetime", "datetime2", "smalldatetime", "datetimeoffset");

    /** @throws IllegalArgumentException for a name that is not one of the four */
    static FieldType parse(String name) {
        if (name == null || name.isBlank()) {
            return STRING;
        }
        return FieldType.valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a value of this type can be written to {@code column}: text goes anywhere, the others to their kind. */
    boolean convertsTo(Column column) {
        String type = column.dataType();
        return switch (this) {
            case STRING -> true;
            case NUMBER -> NUMERIC.contains(type) || CHARACTER.contains(type);
            case BOOLEAN -> "bit".equals(type) || CHARACTER.contains(type);
            case DATE -> TEMPORAL.contains(type) || CHARACTER.contains(type);
        };
    }

    /**
     * The SQL type a download's JSON uses to type the field's values read from {@code column}: a JSON number or
     * boolean only when the column holds one (a number field kept in a text column may hold text), else a string.
     */
    String resultType(Column column) {
        String type = column.dataType();
        return switch (this) {
            case NUMBER -> NUMERIC.contains(type) ? "decimal" : "nvarchar";
            case BOOLEAN -> "bit".equals(type) ? "bit" : "nvarchar";
            default -> "nvarchar";
        };
    }

    /**
     * The file's text as the column converter reads it; {@code ""} (NULL) stays {@code ""}.
     *
     * @param pattern the date pattern, or null
     * @throws IllegalArgumentException with the reason, when the text is not a value of this type
     */
    String toColumnText(String raw, DatePattern pattern) {
        if (raw.isEmpty()) {
            return raw;
        }
        return switch (this) {
            case STRING -> raw;
            case NUMBER -> number(raw);
            case BOOLEAN -> bool(raw);
            case DATE -> {
                if (pattern == null) {
                    yield raw;
                }
                try {
                    yield pattern.toIso(raw);
                } catch (java.time.DateTimeException e) {
                    throw new IllegalArgumentException(
                            "value '" + shorten(raw) + "' does not match the date pattern '" + pattern.pattern() + "'");
                }
            }
        };
    }

    private static String number(String raw) {
        try {
            return new BigDecimal(raw.strip()).toPlainString();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value '" + shorten(raw) + "' is not a number");
        }
    }

    private static String bool(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> "true";
            case "false", "0" -> "false";
            default ->
                throw new IllegalArgumentException(
                        "value '" + shorten(raw) + "' is not a boolean (use true, false, 1 or 0)");
        };
    }

    private static String shorten(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
