package dev.mssqlbulk.emulator.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** Java functions registered in H2 with CREATE ALIAS to stand in for SQL Server built-ins. */
public final class H2Functions {
    /** Database name of the session running on the current thread (sessions are single-threaded). */
    static final ThreadLocal<String> CURRENT_DATABASE = ThreadLocal.withInitial(() -> "master");
    /** Whether the session running on the current thread answers as Babelfish ({@link ServerQuirks#babelfish}). */
    static final ThreadLocal<Boolean> BABELFISH = ThreadLocal.withInitial(() -> false);

    private H2Functions() {}

    public static String dbName() {
        return CURRENT_DATABASE.get();
    }

    public static LocalDateTime sysUtcDateTime() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    public static LocalDateTime sysDateTime() {
        return LocalDateTime.now();
    }

    public static OffsetDateTime sysDateTimeOffset() {
        return OffsetDateTime.now();
    }

    public static String schemaName() {
        return "dbo";
    }

    /** SERVERPROPERTY for the properties clients commonly ask. */
    public static String serverProperty(String property) {
        switch (property == null ? "" : property.toLowerCase(Locale.ROOT)) {
            case "productversion":
                return "16.0.1000.6";
            case "productlevel":
                return "RTM";
            case "edition":
                return "Developer Edition (64-bit)";
            case "engineedition":
                return "3";
            case "servername":
            case "machinename":
                return "MSSQL-EMULATOR";
            case "collation":
                return "SQL_Latin1_General_CP1_CI_AS";
            case "isclustered":
            case "ishadrenabled":
            case "isintegratedsecurityonly":
                return "0";
            case "babelfish":
                return BABELFISH.get() ? "1" : null;
            default:
                return null;
        }
    }

    /** Deterministic positive object id of a table or view. */
    public static int objectIdOf(String schema, String name) {
        int h = (lower(schema) + "." + lower(name)).hashCode() & 0x3FFFFFFF;
        return h + 1000;
    }

    public static int schemaId(String schema) {
        switch (lower(schema)) {
            case "dbo":
                return 1;
            case "guest":
                return 2;
            case "information_schema":
                return 3;
            case "sys":
                return 4;
            default:
                return 5 + ((lower(schema).hashCode() & 0xFFFF));
        }
    }

    /** OBJECT_ID(name): the id when a table, view or constraint of that name exists, else NULL. */
    public static Integer objectId(Connection conn, String name) throws SQLException {
        return objectId(conn, name, null);
    }

    public static Integer objectId(Connection conn, String name, String type) throws SQLException {
        if (name == null) {
            return null;
        }
        String[] parts = splitName(name);
        String schema = parts[0];
        String object = parts[1];
        String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("U") || t.equals("V")) {
            String tableType = InformationSchema.tableType(conn, schema, object);
            if (tableType != null) {
                boolean view = "VIEW".equalsIgnoreCase(tableType);
                if (t.isEmpty() || t.equals("V") == view) {
                    return objectIdOf(schema, object);
                }
            }
        }
        if (!t.equals("U") && !t.equals("V") && InformationSchema.constraintType(conn, schema, object) != null) {
            return objectIdOf(schema, object);
        }
        return null;
    }

    /** Splits "[db].[schema].[name]", "schema.name" or "name" into schema (default dbo) and name. */
    static String[] splitName(String name) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean bracket = false;
        boolean quote = false;
        for (char ch : name.trim().toCharArray()) {
            if (bracket) {
                if (ch == ']') {
                    bracket = false;
                } else {
                    cur.append(ch);
                }
            } else if (quote) {
                if (ch == '"') {
                    quote = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '[') {
                bracket = true;
            } else if (ch == '"') {
                quote = true;
            } else if (ch == '.') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        String object = parts.get(parts.size() - 1);
        String schema =
                parts.size() >= 2 && !parts.get(parts.size() - 2).isEmpty() ? parts.get(parts.size() - 2) : "dbo";
        return new String[] {schema, object};
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
