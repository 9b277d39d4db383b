package dev.mssqlbulk.emulator.codec;

import java.util.Locale;

/**
 * A SQL Server type as declared or reported: lowercase name ("nvarchar", "datetime2"...), length in characters for
 * character types and bytes for binary ones (-1 = max), precision and scale where they apply.
 */
public record SqlType(String name, int length, int precision, int scale) {
    public static final int MAX = -1;

    public static SqlType of(String name) {
        return new SqlType(name.toLowerCase(Locale.ROOT), 0, 0, 0);
    }

    public static SqlType of(String name, int length) {
        return new SqlType(name.toLowerCase(Locale.ROOT), length, 0, 0);
    }

    public static SqlType of(String name, int precision, int scale) {
        return new SqlType(name.toLowerCase(Locale.ROOT), 0, precision, scale);
    }

    public boolean isUnicode() {
        return name.equals("nvarchar")
                || name.equals("nchar")
                || name.equals("ntext")
                || name.equals("xml")
                || name.equals("sysname");
    }

    public boolean isCharacter() {
        switch (name) {
            case "nvarchar":
            case "nchar":
            case "varchar":
            case "char":
            case "text":
            case "ntext":
            case "xml":
            case "sysname":
                return true;
            default:
                return false;
        }
    }

    public boolean isBinary() {
        return name.equals("varbinary")
                || name.equals("binary")
                || name.equals("image")
                || name.equals("timestamp")
                || name.equals("rowversion");
    }

    public boolean isMax() {
        return length == MAX
                || name.equals("text")
                || name.equals("ntext")
                || name.equals("image")
                || name.equals("xml");
    }

    /** The type as T-SQL spells it, e.g. nvarchar(max), decimal(10,2), datetime2(7). */
    public String sql() {
        switch (name) {
            case "nvarchar":
            case "varchar":
            case "varbinary":
            case "nchar":
            case "char":
            case "binary":
                return name + "(" + (length == MAX ? "max" : Integer.toString(length)) + ")";
            case "decimal":
            case "numeric":
                return name + "(" + precision + "," + scale + ")";
            case "time":
            case "datetime2":
            case "datetimeoffset":
                return name + "(" + scale + ")";
            default:
                return name;
        }
    }

    @Override
    public String toString() {
        return sql();
    }
}
