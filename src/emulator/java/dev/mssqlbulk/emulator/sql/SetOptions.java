package dev.mssqlbulk.emulator.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The SET statement: NOCOUNT, XACT_ABORT, IMPLICIT_TRANSACTIONS, FMTONLY, IDENTITY_INSERT and the isolation level;
 * other options are accepted.
 */
final class SetOptions {
    private final Connection jdbc;
    private final IdentityInsert identity;
    private final Transactions transactions;
    private boolean nocount;
    private boolean xactAbort;
    private boolean fmtOnly;

    SetOptions(Connection jdbc, IdentityInsert identity, Transactions transactions) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.transactions = transactions;
    }

    /** SET NOCOUNT ON: DONE tokens of statements carry no row count. */
    boolean nocount() {
        return nocount;
    }

    /** SET XACT_ABORT ON: an error rolls the transaction back and ends the batch. */
    boolean xactAbort() {
        return xactAbort;
    }

    /** SET FMTONLY ON: queries return their column metadata only; other statements do not run. */
    boolean fmtOnly() {
        return fmtOnly;
    }

    /** Restores FMTONLY when a dynamic SQL scope (sp_executesql) that changed it ends. */
    void fmtOnly(boolean on) {
        fmtOnly = on;
    }

    void set(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
        if (t.size() < 2) {
            throw SqlServerError.syntax("SET");
        }
        Token option = t.get(1);
        if (option.kind() == Token.Kind.VARIABLE) {
            throw new SqlServerError(137, 1, 15, "Must declare the scalar variable \"" + option.text() + "\".");
        }
        String on = t.get(t.size() - 1).keyword();
        switch (option.keyword()) {
            case "NOCOUNT":
                nocount = on.equals("ON");
                break;
            case "XACT_ABORT":
                xactAbort = on.equals("ON");
                break;
            case "FMTONLY":
                fmtOnly = on.equals("ON");
                break;
            case "IMPLICIT_TRANSACTIONS":
                transactions.implicitTransactions(on.equals("ON"));
                break;
            case "IDENTITY_INSERT":
                identity.set(TableName.read(t, 2, new int[1]), on.equals("ON"));
                break;
            case "TRANSACTION":
                jdbc.setTransactionIsolation(
                        isolation(Lexer.render(t.subList(4, t.size())).toUpperCase(Locale.ROOT)));
                break;
            default:
                break; // ANSI_NULLS, QUOTED_IDENTIFIER, ARITHABORT, DATEFORMAT, LOCK_TIMEOUT...: accepted
        }
        sink.done(false, 0);
    }

    /** SET TRANSACTION ISOLATION LEVEL ...: the JDBC level. */
    private static int isolation(String level) {
        if (level.contains("SERIALIZABLE")) {
            return Connection.TRANSACTION_SERIALIZABLE;
        } else if (level.contains("REPEATABLE")) {
            return Connection.TRANSACTION_REPEATABLE_READ;
        } else if (level.contains("UNCOMMITTED")) {
            return Connection.TRANSACTION_READ_UNCOMMITTED;
        }
        return Connection.TRANSACTION_READ_COMMITTED;
    }
}
