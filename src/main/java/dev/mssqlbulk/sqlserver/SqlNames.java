package dev.mssqlbulk.sqlserver;

/** SQL Server identifier quoting. Identifiers always come from the catalog; quoting makes any name safe. */
public final class SqlNames {

    private SqlNames() {}

    /** {@code a]b} becomes {@code [a]]b]}, as QUOTENAME does. */
    public static String quote(String identifier) {
        return "[" + identifier.replace("]", "]]") + "]";
    }
}
