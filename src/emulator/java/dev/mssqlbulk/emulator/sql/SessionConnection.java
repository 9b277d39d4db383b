package dev.mssqlbulk.emulator.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** A session's own H2 connection: cached prepared statements, one-off updates, and H2 errors mapped to SQL Server's. */
final class SessionConnection implements AutoCloseable {
    private static final int CACHED_STATEMENTS = 256;

    private final Connection jdbc;
    private final ErrorMapper errors;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > CACHED_STATEMENTS) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    SessionConnection(Engine engine) throws SQLException {
        this.errors = new ErrorMapper(engine.catalog());
        this.jdbc = engine.connect();
    }

    Connection jdbc() {
        return jdbc;
    }

    /** The cached prepared statement for the H2 SQL, prepared on first use. */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = jdbc.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Runs one H2 statement that returns no rows (DDL and housekeeping). */
    void update(String sql, ErrorMapper.Context ctx) throws SqlServerError {
        try (Statement st = jdbc.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw map(e, ctx);
        }
    }

    SqlServerError map(SQLException e, ErrorMapper.Context ctx) {
        return errors.map(e, ctx, jdbc);
    }

    /** Whether a table, view or constraint of that name exists in H2 (what OBJECT_ID sees). */
    boolean objectExists(TableName name) throws SQLException {
        return H2Functions.objectId(jdbc, name.schema() + "." + name.name(), null) != null;
    }

    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            closeQuietly(ps);
        }
        statements.clear();
        closeQuietly(jdbc);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // ignore
        }
    }
}
