package dev.mssqlbulk.ingest;

import dev.mssqlbulk.catalog.Column;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds catalog columns for tests from a DDL-like type: {@code int}, {@code nvarchar(50)}, {@code decimal(6,2)}. */
public final class TestColumns {

    private static final Pattern TYPE = Pattern.compile("(\\w+)(?:\\((max|\\d+)(?:,(\\d+))?\\))?");

    private TestColumns() {}

    public static Column nullable(String name, String type) {
        return column(name, type, true);
    }

    public static Column notNull(String name, String type) {
        return column(name, type, false);
    }

    public static Column column(String name, String type, boolean nullable) {
        Matcher m = TYPE.matcher(type);
        if (!m.matches()) {
            throw new IllegalArgumentException(type);
        }
        String dataType = m.group(1);
        String size = m.group(2);
        Integer maxLength = null;
        Integer precision = null;
        Integer scale = null;
        switch (dataType) {
            case "char", "varchar", "nchar", "nvarchar", "binary", "varbinary" ->
                maxLength = "max".equals(size) ? -1 : Integer.valueOf(size);
            case "decimal", "numeric" -> {
                precision = Integer.valueOf(size);
                scale = m.group(3) == null ? 0 : Integer.valueOf(m.group(3));
            }
            case "time", "datetime2", "datetimeoffset" -> precision = size == null ? 7 : Integer.valueOf(size);
            default -> {}
        }
        return new Column(name, 1, dataType, nullable, maxLength, precision, scale, false, false, false, false);
    }

    public static Column identity(String name) {
        return new Column(name, 1, "int", false, null, null, null, true, false, false, true);
    }

    public static Column computed(String name) {
        return new Column(name, 1, "int", true, null, null, null, false, true, false, false);
    }

    public static Column withDefault(String name, String type) {
        Column c = notNull(name, type);
        return new Column(
                c.name(),
                c.ordinal(),
                c.dataType(),
                false,
                c.maxLength(),
                c.precision(),
                c.scale(),
                false,
                false,
                true,
                false);
    }
}
