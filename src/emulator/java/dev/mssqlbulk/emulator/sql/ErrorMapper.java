package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.SqlType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns H2 failures into the error SQL Server would raise: number, state, class and wording. */
public final class ErrorMapper {
    /** What was being executed: verb (INSERT, UPDATE, DELETE, MERGE, SELECT...) and target table, if known. */
    public record Context(String verb, TableName target, String database) {}

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");
    private static final Pattern DUP =
            Pattern.compile("^(\\S+) (PRIMARY KEY ON|INDEX \\S+ ON|ON) (\\S+?)\\((.*?)\\)(?: VALUES)? (\\(.*\\))\\s*$");
    private static final Pattern NEAR = Pattern.compile("\\[\\*\\]\\s*(\"[^\"]*\"|'[^']*'|[^\\s,()]+|[,()])?");

    private final Catalog catalog;

    public ErrorMapper(Catalog catalog) {
        this.catalog = catalog;
    }

    public SqlServerError map(SQLException e, Context ctx, Connection conn) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        int sqlStatement = msg.indexOf("; SQL statement:");
        String core = sqlStatement >= 0 ? msg.substring(0, sqlStatement) : msg;
        core = core.replaceAll(" \\[\\d+-\\d+]$", "");
        String verb = ctx.verb() == null ? "INSERT" : ctx.verb();
        String db = ctx.database();
        String table = ctx.target() == null ? "?" : ctx.target().display();
        try {
            switch (e.getErrorCode()) {
                case 23505:
                    return duplicate(core, ctx, conn);
                case 23502: {
                    String col = firstQuoted(core);
                    return new SqlServerError(
                            515,
                            2,
                            16,
                            "Cannot insert the value NULL into column '" + col + "', table '" + db + "." + table
                                    + "'; column does not allow nulls. " + verb + " fails.");
                }
                case 22018: {
                    Matcher m = Pattern.compile("converting \"'(.*)' \\((?:[^:]*: )?\"\"(.*?)\"\" (.*)\\)\"")
                            .matcher(core);
                    String value = null;
                    String targetType = null;
                    if (m.find()) {
                        value = m.group(1).replace("''", "'");
                        targetType = declaredName(ctx, m.group(2), m.group(3));
                    } else {
                        Matcher v = Pattern.compile("converting \"'(.*)'").matcher(core);
                        if (v.find()) {
                            value = v.group(1).replace("''", "'");
                        }
                        Matcher to = Pattern.compile(" to (\\w+)").matcher(core);
                        targetType = to.find() ? sqlServerName(to.group(1)) : "int";
                    }
                    if ("uniqueidentifier".equals(targetType)) {
                        return new SqlServerError(
                                8169,
                                2,
                                16,
                                "Conversion failed when converting from a character string to uniqueidentifier.");
                    }
                    if (targetType != null
                            && (targetType.startsWith("date")
                                    || targetType.startsWith("time")
                                    || targetType.startsWith("smalldate"))) {
                        return new SqlServerError(
                                241,
                                1,
                                16,
                                "Conversion failed when converting date and/or time from character string.");
                    }
                    if (targetType != null
                            && (targetType.startsWith("decimal")
                                    || targetType.startsWith("numeric")
                                    || targetType.equals("float")
                                    || targetType.equals("real")
                                    || targetType.equals("money"))) {
                        return new SqlServerError(
                                8114, 5, 16, "Error converting data type nvarchar to " + targetType + ".");
                    }
                    return new SqlServerError(
                            245,
                            1,
                            16,
                            "Conversion failed when converting the nvarchar value '" + (value == null ? "" : value)
                                    + "' to data type " + (targetType == null ? "int" : targetType) + ".");
                }
                case 22007:
                    return new SqlServerError(
                            241, 1, 16, "Conversion failed when converting date and/or time from character string.");
                case 22001: {
                    Matcher m = Pattern.compile(
                                    "column \"(.*?) ([A-Z][A-Z ]*)(?:\\((\\d+)(?:, ?(\\d+))?\\))?\": \"(.*) \\(\\d+\\)\"")
                            .matcher(core);
                    if (m.find()) {
                        String col = m.group(1);
                        String h2Type = m.group(2);
                        if (h2Type.startsWith("NUMERIC") || h2Type.startsWith("DECIMAL")) {
                            return new SqlServerError(
                                    8115, 2, 16, "Arithmetic overflow error converting numeric to data type numeric.");
                        }
                        String value = m.group(5);
                        if (value.startsWith("'") && value.endsWith("'")) {
                            value = value.substring(1, value.length() - 1).replace("''", "'");
                        }
                        int len = m.group(3) == null ? value.length() : Integer.parseInt(m.group(3));
                        String truncated =
                                h2Type.contains("BINARY") ? value : value.substring(0, Math.min(len, value.length()));
                        return new SqlServerError(
                                2628,
                                1,
                                16,
                                "String or binary data would be truncated in table '" + db + "." + table + "', column '"
                                        + col + "'. Truncated value: '" + truncated + "'.");
                    }
                    return new SqlServerError(8152, 14, 16, "String or binary data would be truncated.");
                }
                case 22003:
                case 22004: {
                    String col = null;
                    Matcher m = Pattern.compile("in column \"(.*?)\"").matcher(core);
                    if (m.find()) {
                        col = m.group(1);
                    }
                    String type = col != null ? declaredName(ctx, col, null) : null;
                    if (type == null || type.startsWith("decimal") || type.startsWith("numeric")) {
                        return new SqlServerError(
                                8115, 2, 16, "Arithmetic overflow error converting numeric to data type numeric.");
                    }
                    return new SqlServerError(
                            8115, 2, 16, "Arithmetic overflow error converting expression to data type " + type + ".");
                }
                case 23503:
                case 23506: {
                    Matcher m = Pattern.compile("\"(.+?): (\\S+) FOREIGN KEY\\((.*?)\\) REFERENCES (\\S+?)\\((.*?)\\)")
                            .matcher(core);
                    if (m.find()) {
                        String fk = m.group(1);
                        boolean parentMissing = e.getErrorCode() == 23506;
                        if (parentMissing) {
                            return new SqlServerError(
                                    547,
                                    0,
                                    16,
                                    "The " + verb + " statement conflicted with the FOREIGN KEY constraint \""
                                            + fk + "\". The conflict occurred in database \"" + db + "\", table \""
                                            + displayTable(m.group(4)) + "\", column '"
                                            + unquote(m.group(5).split(",")[0].trim()) + "'.");
                        }
                        return new SqlServerError(
                                547,
                                0,
                                16,
                                "The " + verb + " statement conflicted with the REFERENCE constraint \""
                                        + fk + "\". The conflict occurred in database \"" + db + "\", table \""
                                        + displayTable(m.group(2)) + "\", column '"
                                        + unquote(m.group(3).split(",")[0].trim()) + "'.");
                    }
                    return new SqlServerError(
                            547, 0, 16, "The " + verb + " statement conflicted with a FOREIGN KEY constraint.");
                }
                case 23513: {
                    String name = firstQuoted(core);
                    if (name != null && name.contains(":")) {
                        name = name.substring(0, name.indexOf(':'));
                    }
                    if (name != null && name.startsWith("EMU_TINYINT_")) {
                        return new SqlServerError(
                                8115, 2, 16, "Arithmetic overflow error converting expression to data type tinyint.");
                    }
                    String column = checkColumn(conn, name);
                    return new SqlServerError(
                            547,
                            0,
                            16,
                            "The " + verb + " statement conflicted with the CHECK constraint \"" + name
                                    + "\". The conflict occurred in database \"" + db + "\", table \"" + table + "\""
                                    + (column != null ? ", column '" + column + "'." : "."));
                }
                case 42102:
                case 42103:
                case 42104:
                case 90079: {
                    String name = firstQuoted(core);
                    return SqlServerError.invalidObject(displayName(name));
                }
                case 42122: {
                    String name = firstQuoted(core);
                    if (name != null && name.contains(".")) {
                        name = name.substring(name.lastIndexOf('.') + 1);
                    }
                    return new SqlServerError(207, 1, 16, "Invalid column name '" + name + "'.");
                }
                case 42101:
                case 90045: {
                    String name = firstQuoted(core);
                    return SqlServerError.alreadyExists(displayName(name));
                }
                case 42111:
                    return new SqlServerError(
                            1913,
                            1,
                            16,
                            "The operation failed because an index or statistics with name '"
                                    + displayName(firstQuoted(core)) + "' already exists on table '" + table + "'.");
                case 42000:
                case 42001: {
                    Matcher m = NEAR.matcher(core);
                    String near = "";
                    if (m.find() && m.group(1) != null) {
                        near = m.group(1);
                        if (near.startsWith("\"") && near.endsWith("\"") && near.length() > 1) {
                            near = near.substring(1, near.length() - 1);
                        }
                    }
                    return SqlServerError.syntax(near);
                }
                case 90022: {
                    String name = firstQuoted(core);
                    return new SqlServerError(
                            195, 10, 15, "'" + name + "' is not a recognized built-in function name.");
                }
                case 90154: {
                    String name = firstQuoted(core);
                    if (name != null && name.contains(".")) {
                        name = name.substring(name.lastIndexOf('.') + 1);
                    }
                    return new SqlServerError(
                            271,
                            1,
                            16,
                            "The column \"" + name
                                    + "\" cannot be modified because it is either a computed column or is the result of a UNION operator.");
                }
                case 21002:
                    return new SqlServerError(
                            213, 1, 16, "Column name or number of supplied values does not match table definition.");
                case 22012:
                    return new SqlServerError(8134, 1, 16, "Divide by zero error encountered.");
                case 50200:
                    return new SqlServerError(1222, 51, 16, "Lock request time out period exceeded.");
                case 40001:
                    return new SqlServerError(
                            1205,
                            51,
                            13,
                            "Transaction (Process ID 51) was deadlocked on lock resources with another"
                                    + " process and has been chosen as the deadlock victim. Rerun the transaction.");
                case 90057:
                    return new SqlServerError(3728, 1, 16, "'" + firstQuoted(core) + "' is not a constraint.");
                default:
                    return new SqlServerError(50000, 1, 16, core);
            }
        } catch (RuntimeException parseFailure) {
            return new SqlServerError(50000, 1, 16, core);
        }
    }

    private SqlServerError duplicate(String core, Context ctx, Connection conn) {
        String inner = core;
        int q = core.indexOf('"');
        if (q >= 0 && core.endsWith("\"")) {
            inner = core.substring(q + 1, core.length() - 1);
        }
        Matcher m = DUP.matcher(inner);
        if (!m.find()) {
            return new SqlServerError(2627, 1, 14, "Violation of PRIMARY KEY constraint. Cannot insert duplicate key.");
        }
        String object = unquote(lastPart(m.group(1)));
        boolean pk = m.group(2).startsWith("PRIMARY KEY");
        String tableRef = m.group(3);
        String schema = tableRef.contains(".") ? unquote(tableRef.substring(0, tableRef.indexOf('.'))) : "dbo";
        String table = unquote(lastPart(tableRef));
        List<String> keyColumns = new ArrayList<>();
        for (String c : m.group(4).split(",")) {
            keyColumns.add(unquote(c.trim()
                    .replace(" NULLS FIRST", "")
                    .replace(" NULLS LAST", "")
                    .replace(" DESC", "")));
        }
        List<String> values = values(m.group(5));
        Catalog.TableMeta meta = catalog.table(schema, table);
        if (meta != null && values.size() == meta.columns().size() && values.size() != keyColumns.size()) {
            List<String> picked = new ArrayList<>();
            for (String k : keyColumns) {
                int idx = meta.indexOf(k);
                picked.add(idx >= 0 ? values.get(idx) : "?");
            }
            values = picked;
        }
        String key = "(" + String.join(", ", values) + ")";
        String objectName = (schema.equalsIgnoreCase("PUBLIC") ? "dbo" : schema) + "." + table;
        String type = pk ? "PRIMARY KEY" : constraintType(conn, schema, object);
        if (type == null) {
            return new SqlServerError(
                    2601,
                    1,
                    14,
                    "Cannot insert duplicate key row in object '" + objectName + "' with unique index '" + object
                            + "'. The duplicate key value is " + key + ".");
        }
        String kind = type.equals("PRIMARY KEY") ? "PRIMARY KEY" : "UNIQUE KEY";
        return new SqlServerError(
                2627,
                1,
                14,
                "Violation of " + kind + " constraint '" + object + "'. Cannot insert duplicate key in object '"
                        + objectName + "'. The duplicate key value is " + key + ".");
    }

    /** Splits "( /* 1 *&#47; 1, 'a''b', NULL )" into display values: 1, a'b, <NULL>. */
    static List<String> values(String group) {
        String s = group.trim();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        s = s.replaceAll("/\\*.*?\\*/", "").trim();
        s = s.replaceAll("CAST\\(('(?:[^']|'')*'|[^()']*?) AS [A-Z_ ]+(?:\\(\\d+(?:, ?\\d+)?\\))?\\)", "$1");
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inString = false;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\'') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                        cur.append('\'');
                        i++;
                    } else {
                        inString = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '\'') {
                inString = true;
            } else if (c == '(') {
                depth++;
                cur.append(c);
            } else if (c == ')') {
                depth--;
                cur.append(c);
            } else if (c == ',' && depth == 0) {
                out.add(display(cur.toString().trim()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || !out.isEmpty()) {
            out.add(display(cur.toString().trim()));
        }
        return out;
    }

    private static String display(String v) {
        if (v.equals("NULL")) {
            return "<NULL>";
        }
        if (v.startsWith("TIMESTAMP ") || v.startsWith("DATE ") || v.startsWith("TIME ") || v.startsWith("UUID ")) {
            return v.substring(v.indexOf(' ') + 1);
        }
        if (v.equals("TRUE")) {
            return "1";
        }
        if (v.equals("FALSE")) {
            return "0";
        }
        return v;
    }

    private static String constraintType(Connection conn, String schema, String name) {
        try {
            return InformationSchema.constraintType(conn, schema, name);
        } catch (SQLException ex) {
            return null;
        }
    }

    private static String checkColumn(Connection conn, String constraint) {
        try {
            return InformationSchema.constraintColumn(conn, constraint);
        } catch (SQLException ex) {
            return null;
        }
    }

    private String declaredName(Context ctx, String column, String h2Type) {
        if (ctx.target() != null) {
            Catalog.TableMeta meta =
                    catalog.table(ctx.target().schema(), ctx.target().name());
            if (meta != null && meta.column(column) != null) {
                SqlType t = meta.column(column).type();
                return t.sql();
            }
        }
        return h2Type == null ? null : sqlServerName(h2Type);
    }

    private static String sqlServerName(String h2Type) {
        String t = h2Type.toUpperCase(Locale.ROOT);
        int paren = t.indexOf('(');
        if (paren > 0) {
            t = t.substring(0, paren).trim();
        }
        return TypeMapping.fromH2(t, 0, 0).name();
    }

    private static String firstQuoted(String s) {
        Matcher m = QUOTED.matcher(s);
        return m.find() ? m.group(1).replace("\"\"", "\"") : null;
    }

    private static String lastPart(String s) {
        int dot = s.lastIndexOf('.');
        return dot >= 0 ? s.substring(dot + 1) : s;
    }

    private static String unquote(String s) {
        String v = s.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\"\"", "\"");
        }
        return v;
    }

    private static String displayTable(String ref) {
        String r = ref.trim();
        if (r.toUpperCase(Locale.ROOT).startsWith("PUBLIC.")) {
            r = "dbo." + r.substring(7);
        }
        return r.replace("\"", "");
    }

    /** H2 names tables "schema.table" or "table"; SQL Server reports the name as written, usually without schema. */
    private static String displayName(String name) {
        if (name == null) {
            return "";
        }
        String n = name;
        if (n.toUpperCase(Locale.ROOT).startsWith("DBO.")) {
            n = n.substring(4);
        }
        return n;
    }
}
