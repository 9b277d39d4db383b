package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.EnvChangeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A session's transaction: BEGIN / COMMIT / ROLLBACK / SAVE TRANSACTION with @@TRANCOUNT nesting and savepoints,
 * mapped onto H2's auto-commit, with the ENVCHANGE tokens that tell the client about it. With SET
 * IMPLICIT_TRANSACTIONS ON (how mssql-jdbc runs with auto-commit off) the first statement that works on data opens
 * the transaction, which stays open until COMMIT or ROLLBACK.
 */
final class Transactions {
    private final Connection jdbc;
    private final int spid;
    private final IdentityInsert identity;
    private final Map<String, Savepoint> savepoints = new HashMap<>();
    private int tranCount;
    private boolean implicitTransactions;
    private long descriptor;
    private long descriptorCounter;

    Transactions(Connection jdbc, int spid, IdentityInsert identity) {
        this.jdbc = jdbc;
        this.spid = spid;
        this.identity = identity;
    }

    int tranCount() {
        return tranCount;
    }

    boolean implicitTransactions() {
        return implicitTransactions;
    }

    /** SET IMPLICIT_TRANSACTIONS ON|OFF; turning it off leaves an open transaction open (as SQL Server does). */
    void implicitTransactions(boolean on) {
        implicitTransactions = on;
    }

    /**
     * Called before a statement that starts an implicit transaction (DML, SELECT ... FROM, DDL, INSERT BULK): with
     * IMPLICIT_TRANSACTIONS ON and no transaction open, opens one (@@TRANCOUNT 1) and tells the client.
     */
    void beforeDataStatement(ResultSink sink) throws SQLException {
        if (implicitTransactions && tranCount == 0) {
            open(sink);
            tranCount = 1;
        }
    }

    /** BEGIN TRAN; with IMPLICIT_TRANSACTIONS ON and none open it opens the implicit one first (@@TRANCOUNT 2). */
    void begin(ResultSink sink) throws SQLException {
        beforeDataStatement(sink);
        if (tranCount == 0) {
            open(sink);
        }
        tranCount++;
        sink.done(false, 0);
    }

    private void open(ResultSink sink) throws SQLException {
        jdbc.setAutoCommit(false);
        descriptor = ++descriptorCounter + ((long) spid << 32);
        sink.transaction(EnvChangeType.BEGIN_TRANSACTION, descriptor);
    }

    void commit(ResultSink sink) throws SQLException, SqlServerError {
        if (tranCount == 0) {
            throw new SqlServerError(
                    3902, 1, 16, "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.");
        }
        tranCount--;
        if (tranCount == 0) {
            jdbc.commit();
            jdbc.setAutoCommit(true);
            savepoints.clear();
            sink.transaction(EnvChangeType.COMMIT_TRANSACTION, descriptor);
            identity.restartPending();
        }
        sink.done(false, 0);
    }

    /** ROLLBACK [TRAN|TRANSACTION|WORK] [savepoint]. */
    void rollback(List<Token> t, ResultSink sink) throws SQLException, SqlServerError {
        int i = 1;
        if (i < t.size()
                && (t.get(i).is("TRAN")
                        || t.get(i).is("TRANSACTION")
                        || t.get(i).is("WORK"))) {
            i++;
        }
        if (i < t.size() && tranCount > 0) {
            String name = t.get(i).name().toLowerCase(Locale.ROOT);
            Savepoint sp = savepoints.get(name);
            if (sp != null) {
                jdbc.rollback(sp);
                sink.done(false, 0);
                return;
            }
        }
        if (tranCount == 0) {
            throw new SqlServerError(
                    3903, 1, 16, "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.");
        }
        rollbackAll(sink);
        sink.done(false, 0);
    }

    /** Rolls the whole transaction back (ROLLBACK, XACT_ABORT, deadlock, disconnect); sink may be null. */
    void rollbackAll(ResultSink sink) {
        if (tranCount == 0) {
            return;
        }
        try {
            jdbc.rollback();
            jdbc.setAutoCommit(true);
        } catch (SQLException ignored) {
            // connection broken
        }
        tranCount = 0;
        savepoints.clear();
        if (sink != null) {
            sink.transaction(EnvChangeType.ROLLBACK_TRANSACTION, descriptor);
        }
        identity.restartPending();
    }

    /** SAVE TRANSACTION name. */
    void save(List<Token> t, ResultSink sink) throws SQLException, SqlServerError {
        if (tranCount == 0) {
            throw new SqlServerError(628, 0, 16, "Cannot issue SAVE TRANSACTION when there is no active transaction.");
        }
        String name = t.get(t.size() - 1).name();
        savepoints.put(name.toLowerCase(Locale.ROOT), jdbc.setSavepoint(name));
        sink.done(false, 0);
    }
}
