package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.SqlType;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts the rows of a bulk load as one statement's worth of work: inside the session's transaction (or its own when
 * none is open), all or nothing. As SQL Server: a value longer than its column fails the load with 4815; without
 * KEEP_NULLS a NULL takes the column's default; identity values sent without KEEP_IDENTITY are ignored and the
 * identity generated; unlisted columns get their defaults, identity or computed values; key, NOT NULL and CHECK
 * violations fail the whole load with 2627/2601, 515 and 547.
 */
final class BulkLoadExecutor {
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private final SessionConnection connection;
    private final ServerQuirks quirks;

    BulkLoadExecutor(SessionConnection connection, ServerQuirks quirks) {
        this.connection = connection;
        this.quirks = quirks;
    }

    /** Inserts rows (values in target column order); returns the row count. */
    long load(InsertBulk.Target target, List<Object[]> rows, String database) throws SqlServerError {
        checkLengths(target, rows);
        if (quirks.babelfish()) {
            target = BabelfishBulkLoad.target(target);
            rows = BabelfishBulkLoad.rows(target, rows);
        }
        Connection jdbc = connection.jdbc();
        ErrorMapper.Context ctx = new ErrorMapper.Context("INSERT", target.table(), database);
        try {
            boolean ownTransaction = jdbc.getAutoCommit();
            Savepoint savepoint = null;
            if (ownTransaction) {
                jdbc.setAutoCommit(false);
            } else {
                savepoint = jdbc.setSavepoint();
            }
            try {
                insert(target, rows);
                if (ownTransaction) {
                    jdbc.commit();
                } else {
                    jdbc.releaseSavepoint(savepoint);
                }
            } catch (SQLException e) {
                if (ownTransaction) {
                    jdbc.rollback();
                } else {
                    jdbc.rollback(savepoint);
                }
                throw connection.map(e, ctx);
            } finally {
                if (ownTransaction) {
                    jdbc.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw connection.map(e, ctx);
        }
        return rows.size();
    }

    /** 4815 for a character or binary value longer than its (non-max) column; colid counts the bulk columns from 1. */
    private static void checkLengths(InsertBulk.Target target, List<Object[]> rows) throws SqlServerError {
        List<Catalog.ColumnMeta> columns = target.columns();
        for (Object[] row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                SqlType type = columns.get(i).type();
                Object v = row[i];
                if (v == null || type.isMax() || !(type.isCharacter() || type.isBinary())) {
                    continue;
                }
                long length;
                if (v instanceof byte[] b) {
                    length = b.length;
                } else if (type.isUnicode()) {
                    length = v.toString().length();
                } else {
                    length = v.toString().getBytes(CP1252).length;
                }
                if (length > type.length()) {
                    throw new SqlServerError(
                            4815,
                            1,
                            16,
                            "Received an invalid column length from the bcp client for colid " + (i + 1) + ".");
                }
            }
        }
    }

    /**
     * Runs the INSERTs as JDBC batches in row order; a row whose NULLs take defaults (no KEEP_NULLS) uses DEFAULT for
     * those columns, so rows are grouped by which columns they default.
     */
    private void insert(InsertBulk.Target target, List<Object[]> rows) throws SQLException {
        List<Catalog.ColumnMeta> columns = target.columns();
        BitSet ignored = new BitSet();
        for (int i = 0; i < columns.size(); i++) {
            Catalog.ColumnMeta c = columns.get(i);
            if (c.computed() || (c.identity() && !target.keepIdentity())) {
                ignored.set(i);
            }
        }
        Map<BitSet, PreparedStatement> statements = new HashMap<>();
        try {
            PreparedStatement pending = null;
            for (Object[] row : rows) {
                BitSet defaults = (BitSet) ignored.clone();
                if (!target.keepNulls()) {
                    for (int i = 0; i < target.defaultableColumns(); i++) {
                        if (row[i] == null && columns.get(i).defaultText() != null) {
                            defaults.set(i);
                        }
                    }
                }
                PreparedStatement ps = statements.get(defaults);
                if (ps == null) {
                    ps = connection.jdbc().prepareStatement(insertSql(target, defaults));
                    statements.put(defaults, ps);
                }
                if (pending != null && pending != ps) {
                    pending.executeBatch();
                }
                int k = 1;
                for (int i = 0; i < columns.size(); i++) {
                    if (!defaults.get(i)) {
                        ps.setObject(k++, row[i]);
                    }
                }
                ps.addBatch();
                pending = ps;
            }
            if (pending != null) {
                pending.executeBatch();
            }
        } finally {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
        }
    }

    /** INSERT INTO table (listed columns but the ignored ones) VALUES (?, DEFAULT, ...). */
    private static String insertSql(InsertBulk.Target target, BitSet defaults) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Catalog.ColumnMeta> columns = target.columns();
        for (int i = 0; i < columns.size(); i++) {
            Catalog.ColumnMeta c = columns.get(i);
            if (c.computed() || (c.identity() && !target.keepIdentity())) {
                continue;
            }
            names.add(Rewriter.quote(c.name()));
            values.add(defaults.get(i) ? "DEFAULT" : "?");
        }
        if (names.isEmpty()) {
            return "INSERT INTO " + target.table().sql() + " DEFAULT VALUES";
        }
        return "INSERT INTO " + target.table().sql() + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", values) + ")";
    }
}
