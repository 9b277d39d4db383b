package dev.mssqlbulk.emulator.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Look-ups in H2's own INFORMATION_SCHEMA (OBJECT_ID and error wording). */
final class InformationSchema {
    private InformationSchema() {}

    /** TABLE_TYPE of a table or view ("BASE TABLE", "VIEW"), or null when there is none. */
    static String tableType(Connection conn, String schema, String name) throws SQLException {
        return first(
                conn,
                "SELECT TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                schema,
                name);
    }

    /** CONSTRAINT_TYPE of a constraint ("PRIMARY KEY", "UNIQUE", ...), or null when there is none. */
    static String constraintType(Connection conn, String schema, String name) throws SQLException {
        return first(
                conn,
                "SELECT CONSTRAINT_TYPE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?"
                        + " AND CONSTRAINT_NAME = ?",
                schema,
                name);
    }

    /** The (first) column a constraint of that name uses, or null. */
    static String constraintColumn(Connection conn, String constraint) throws SQLException {
        return first(
                conn,
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.CONSTRAINT_COLUMN_USAGE WHERE CONSTRAINT_NAME = ?",
                constraint);
    }

    /** The first column of the first row, or null when there is no row. */
    private static String first(Connection conn, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
