package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.SqlType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** SQL Server types to H2 column types and back, plus the catalog facts SQL Server reports for each type. */
public final class TypeMapping {
    private TypeMapping() {}

    /** Parses a declared type such as "nvarchar", "(", "50", ")" already split into name and arguments. */
    public static SqlType declared(String rawName, String arg1, String arg2) {
        String name = rawName.toLowerCase(Locale.ROOT);
        boolean max = arg1 != null && arg1.equalsIgnoreCase("max");
        Integer a1 = arg1 == null || max ? null : Integer.valueOf(arg1.trim());
        Integer a2 = arg2 == null ? null : Integer.valueOf(arg2.trim());
        switch (name) {
            case "integer":
                return SqlType.of("int");
            case "dec":
                name = "decimal"; // fall through
            case "decimal":
            case "numeric":
                return SqlType.of(name, a1 == null ? 18 : a1, a2 == null ? 0 : a2);
            case "float":
            case "double precision":
                return a1 != null && a1 <= 24 ? SqlType.of("real") : SqlType.of("float");
            case "time":
            case "datetime2":
            case "datetimeoffset":
                return new SqlType(name, 0, 0, a1 == null ? 7 : a1);
            case "nvarchar":
            case "varchar":
            case "varbinary":
                return SqlType.of(name, max ? SqlType.MAX : a1 == null ? 1 : a1);
            case "nchar":
            case "char":
            case "binary":
                return SqlType.of(name, a1 == null ? 1 : a1);
            case "character":
                return SqlType.of("char", a1 == null ? 1 : a1);
            case "sysname":
                return SqlType.of("nvarchar", 128);
            case "rowversion":
                return SqlType.of("timestamp");
            default:
                return SqlType.of(name);
        }
    }

    /** The H2 column type used to store a SQL Server type. */
    public static String h2Type(SqlType t) {
        switch (t.name()) {
            case "int":
                return "INT";
            case "bigint":
                return "BIGINT";
            case "smallint":
                return "SMALLINT";
            case "tinyint":
                return "SMALLINT";
            case "bit":
                return "BOOLEAN";
            case "decimal":
            case "numeric":
                return "NUMERIC(" + t.precision() + "," + t.scale() + ")";
            case "money":
                return "NUMERIC(19,4)";
            case "smallmoney":
                return "NUMERIC(10,4)";
            case "float":
                return "DOUBLE PRECISION";
            case "real":
                return "REAL";
            case "date":
                return "DATE";
            case "time":
                return "TIME(" + t.scale() + ")";
            case "datetime2":
                return "TIMESTAMP(" + t.scale() + ")";
            case "datetime":
                return "TIMESTAMP(3)";
            case "smalldatetime":
                return "TIMESTAMP(0)";
            case "datetimeoffset":
                return "TIMESTAMP(" + t.scale() + ") WITH TIME ZONE";
            case "uniqueidentifier":
                return "UUID";
            case "nvarchar":
            case "varchar":
                return t.length() == SqlType.MAX ? "VARCHAR" : "VARCHAR(" + t.length() + ")";
            case "nchar":
            case "char":
                return "CHAR(" + t.length() + ")";
            case "text":
            case "ntext":
            case "xml":
                return "VARCHAR";
            case "varbinary":
                return t.length() == SqlType.MAX ? "VARBINARY" : "VARBINARY(" + t.length() + ")";
            case "binary":
                return "BINARY(" + t.length() + ")";
            case "image":
                return "VARBINARY";
            case "timestamp":
                return "BINARY(8)";
            default:
                return null;
        }
    }

    /** The SQL Server type reported for an H2 result column whose declared type is unknown. */
    public static SqlType fromH2(ResultSetMetaData md, int i) throws SQLException {
        return fromH2(md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i));
    }

    public static SqlType fromH2(String h2TypeName, long precision, int scale) {
        String n = h2TypeName.toUpperCase(Locale.ROOT);
        switch (n) {
            case "INTEGER":
                return SqlType.of("int");
            case "BIGINT":
                return SqlType.of("bigint");
            case "SMALLINT":
                return SqlType.of("smallint");
            case "TINYINT":
                return SqlType.of("tinyint");
            case "BOOLEAN":
                return SqlType.of("bit");
            case "NUMERIC":
            case "DECIMAL": {
                int p = (int) Math.min(38, Math.max(1, precision));
                return SqlType.of("decimal", p, Math.min(p, Math.max(0, scale)));
            }
            case "DOUBLE PRECISION":
            case "DECFLOAT":
                return SqlType.of("float");
            case "REAL":
                return SqlType.of("real");
            case "DATE":
                return SqlType.of("date");
            case "TIME":
                return new SqlType("time", 0, 0, Math.min(7, scale));
            case "TIMESTAMP":
                return new SqlType("datetime2", 0, 0, Math.min(7, scale));
            case "TIMESTAMP WITH TIME ZONE":
                return new SqlType("datetimeoffset", 0, 0, Math.min(7, scale));
            case "TIME WITH TIME ZONE":
                return new SqlType("time", 0, 0, Math.min(7, scale));
            case "UUID":
                return SqlType.of("uniqueidentifier");
            case "CHARACTER":
                return precision > 0 && precision <= 4000
                        ? SqlType.of("nchar", (int) precision)
                        : SqlType.of("nvarchar", SqlType.MAX);
            case "CHARACTER VARYING":
            case "VARCHAR_IGNORECASE":
                return precision > 0 && precision <= 4000
                        ? SqlType.of("nvarchar", (int) precision)
                        : SqlType.of("nvarchar", SqlType.MAX);
            case "CHARACTER LARGE OBJECT":
            case "JSON":
                return SqlType.of("nvarchar", SqlType.MAX);
            case "BINARY":
                return precision > 0 && precision <= 8000
                        ? SqlType.of("binary", (int) precision)
                        : SqlType.of("varbinary", SqlType.MAX);
            case "BINARY VARYING":
                return precision > 0 && precision <= 8000
                        ? SqlType.of("varbinary", (int) precision)
                        : SqlType.of("varbinary", SqlType.MAX);
            case "BINARY LARGE OBJECT":
                return SqlType.of("varbinary", SqlType.MAX);
            case "NULL":
                return SqlType.of("int");
            default:
                return SqlType.of("nvarchar", SqlType.MAX);
        }
    }

    /** The H2 column type spelled from result metadata, for computed columns. */
    public static String h2TypeSql(ResultSetMetaData md, int i) throws SQLException {
        String n = md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
        int p = md.getPrecision(i);
        int s = md.getScale(i);
        switch (n) {
            case "NUMERIC":
            case "DECIMAL":
                return "NUMERIC(" + Math.min(p, 38) + "," + s + ")";
            case "CHARACTER VARYING":
            case "VARCHAR_IGNORECASE":
                return p > 0 && p < 1_000_000 ? "VARCHAR(" + p + ")" : "VARCHAR";
            case "CHARACTER":
                return "CHAR(" + p + ")";
            case "BINARY VARYING":
                return p > 0 && p < 1_000_000 ? "VARBINARY(" + p + ")" : "VARBINARY";
            case "TIME":
            case "TIMESTAMP":
                return n + "(" + s + ")";
            case "TIMESTAMP WITH TIME ZONE":
                return "TIMESTAMP(" + s + ") WITH TIME ZONE";
            case "NULL":
                return "INT";
            default:
                return n;
        }
    }

    /** What SQL Server's catalog says about a type (INFORMATION_SCHEMA.COLUMNS and sys.columns). */
    public record Facts(
            Integer charMaxLength,
            Integer charOctetLength,
            Integer numericPrecision,
            Integer numericRadix,
            Integer numericScale,
            Integer datetimePrecision,
            String characterSet,
            String collation,
            int systemTypeId,
            int maxLength,
            int precision,
            int scale) {}

    public static Facts facts(SqlType t) {
        String c = "SQL_Latin1_General_CP1_CI_AS";
        int s = t.scale();
        switch (t.name()) {
            case "int":
                return new Facts(null, null, 10, 10, 0, null, null, null, 56, 4, 10, 0);
            case "bigint":
                return new Facts(null, null, 19, 10, 0, null, null, null, 127, 8, 19, 0);
            case "smallint":
                return new Facts(null, null, 5, 10, 0, null, null, null, 52, 2, 5, 0);
            case "tinyint":
                return new Facts(null, null, 3, 10, 0, null, null, null, 48, 1, 3, 0);
            case "bit":
                return new Facts(null, null, null, null, null, null, null, null, 104, 1, 1, 0);
            case "decimal":
            case "numeric": {
                int len = t.precision() <= 9 ? 5 : t.precision() <= 19 ? 9 : t.precision() <= 28 ? 13 : 17;
                return new Facts(
                        null,
                        null,
                        t.precision(),
                        10,
                        t.scale(),
                        null,
                        null,
                        null,
                        t.name().equals("decimal") ? 106 : 108,
                        len,
                        t.precision(),
                        t.scale());
            }
            case "money":
                return new Facts(null, null, 19, 10, 4, null, null, null, 60, 8, 19, 4);
            case "smallmoney":
                return new Facts(null, null, 10, 10, 4, null, null, null, 122, 4, 10, 4);
            case "float":
                return new Facts(null, null, 53, 2, null, null, null, null, 62, 8, 53, 0);
            case "real":
                return new Facts(null, null, 24, 2, null, null, null, null, 59, 4, 24, 0);
            case "date":
                return new Facts(null, null, null, null, null, 0, null, null, 40, 3, 10, 0);
            case "time":
                return new Facts(
                        null,
                        null,
                        null,
                        null,
                        null,
                        s,
                        null,
                        null,
                        41,
                        s <= 2 ? 3 : s <= 4 ? 4 : 5,
                        8 + (s > 0 ? s + 1 : 0),
                        s);
            case "datetime2":
                return new Facts(
                        null,
                        null,
                        null,
                        null,
                        null,
                        s,
                        null,
                        null,
                        42,
                        s <= 2 ? 6 : s <= 4 ? 7 : 8,
                        19 + (s > 0 ? s + 1 : 0),
                        s);
            case "datetimeoffset":
                return new Facts(
                        null,
                        null,
                        null,
                        null,
                        null,
                        s,
                        null,
                        null,
                        43,
                        s <= 2 ? 8 : s <= 4 ? 9 : 10,
                        26 + (s > 0 ? s + 1 : 0),
                        s);
            case "datetime":
                return new Facts(null, null, null, null, null, 3, null, null, 61, 8, 23, 3);
            case "smalldatetime":
                return new Facts(null, null, null, null, null, 0, null, null, 58, 4, 16, 0);
            case "uniqueidentifier":
                return new Facts(null, null, null, null, null, null, null, null, 36, 16, 0, 0);
            case "nvarchar": {
                boolean max = t.length() == SqlType.MAX;
                return new Facts(
                        max ? -1 : t.length(),
                        max ? -1 : t.length() * 2,
                        null,
                        null,
                        null,
                        null,
                        "UNICODE",
                        c,
                        231,
                        max ? -1 : t.length() * 2,
                        0,
                        0);
            }
            case "nchar":
                return new Facts(
                        t.length(), t.length() * 2, null, null, null, null, "UNICODE", c, 239, t.length() * 2, 0, 0);
            case "varchar": {
                boolean max = t.length() == SqlType.MAX;
                return new Facts(
                        max ? -1 : t.length(),
                        max ? -1 : t.length(),
                        null,
                        null,
                        null,
                        null,
                        "iso_1",
                        c,
                        167,
                        max ? -1 : t.length(),
                        0,
                        0);
            }
            case "char":
                return new Facts(t.length(), t.length(), null, null, null, null, "iso_1", c, 175, t.length(), 0, 0);
            case "varbinary": {
                boolean max = t.length() == SqlType.MAX;
                return new Facts(
                        max ? -1 : t.length(),
                        max ? -1 : t.length(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        165,
                        max ? -1 : t.length(),
                        0,
                        0);
            }
            case "binary":
                return new Facts(t.length(), t.length(), null, null, null, null, null, null, 173, t.length(), 0, 0);
            case "text":
                return new Facts(2147483647, 2147483647, null, null, null, null, "iso_1", c, 35, 16, 0, 0);
            case "ntext":
                return new Facts(1073741823, 2147483646, null, null, null, null, "UNICODE", c, 99, 16, 0, 0);
            case "image":
                return new Facts(2147483647, 2147483647, null, null, null, null, null, null, 34, 16, 0, 0);
            case "xml":
                return new Facts(-1, -1, null, null, null, null, null, null, 241, -1, 0, 0);
            case "timestamp":
                return new Facts(null, null, null, null, null, null, null, null, 189, 8, 0, 0);
            default:
                return new Facts(null, null, null, null, null, null, null, null, 0, 0, 0, 0);
        }
    }
}
