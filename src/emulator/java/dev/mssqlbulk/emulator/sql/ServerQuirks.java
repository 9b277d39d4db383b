package dev.mssqlbulk.emulator.sql;

import java.util.Set;

/**
 * Ways in which other servers that speak TDS differ from SQL Server where it matters to a bulk loader, each off by
 * default and switchable at runtime from any thread ({@code emulator.quirks()}). They are modelled on Babelfish for
 * PostgreSQL 4.2 (AWS Aurora's SQL Server compatibility), as observed through mssql-jdbc and the Vert.x client; tests
 * turn one on to prove that the service does not depend on SQL Server's own behaviour. {@link #reset()} turns all off.
 */
public final class ServerQuirks {
    /** Babelfish's generic error number for errors it has no SQL Server number for. */
    public static final int UNKNOWN_ERROR = 33557097;
    /** What Babelfish answers to a bulk load on a connection whose previous bulk load failed. */
    public static final String POISONED_BULK_LOAD_MESSAGE = "The incoming tabular data stream (TDS) Bulk Load Request"
            + " (BulkLoadBCP) protocol stream is incorrect. unexpected token encountered processing the request.";
    /** {@code @@VERSION} under {@link #babelfish(boolean)}. */
    public static final String BABELFISH_VERSION =
            "Babelfish for Aurora PostgreSQL with SQL Server Compatibility - 12.0.2000.8"
                    + "\nOct 22 2023 17:48:32\nCopyright (c) Amazon Web Services\nPostgreSQL 16.1 on x86_64-pc-linux-gnu"
                    + " (Babelfish 4.2.0) Compatibility 4.2.0";

    private volatile boolean bulkLoadOpensNoTransaction;
    private volatile boolean poisonAfterFailedBulkLoad;
    private volatile boolean allNumbersUnknown;
    private volatile Set<Integer> unknownNumbers = Set.of();
    private volatile boolean refuseMerge;
    private volatile boolean babelfish;

    /**
     * (a) Under SET IMPLICIT_TRANSACTIONS ON with no transaction open, INSERT BULK and its BulkLoad message do not open
     * the implicit transaction: the rows commit on their own as soon as they are in. A transaction already open
     * (BEGIN TRANSACTION, or one an earlier statement opened implicitly) still contains them.
     */
    public ServerQuirks bulkLoadOpensNoTransaction(boolean on) {
        bulkLoadOpensNoTransaction = on;
        return this;
    }

    /**
     * (b) After a BulkLoad message fails on a connection, the next BulkLoad message on that connection fails with
     * {@value #UNKNOWN_ERROR}, severity 16, {@link #POISONED_BULK_LOAD_MESSAGE}, and the server then closes the connection
     * (an open transaction rolls back).
     */
    public ServerQuirks poisonAfterFailedBulkLoad(boolean on) {
        poisonAfterFailedBulkLoad = on;
        return this;
    }

    /**
     * (c) Every error a statement, RPC or bulk load raises goes to the client with number {@value #UNKNOWN_ERROR}
     * (severity 16, its own message text kept). The server still acts on the real error (batch abort, XACT_ABORT).
     */
    public ServerQuirks reportUnknownNumbers(boolean on) {
        allNumbersUnknown = on;
        return this;
    }

    /** (c) As {@link #reportUnknownNumbers(boolean)}, for these error numbers only (empty: none). */
    public ServerQuirks reportUnknownNumbers(Set<Integer> numbers) {
        unknownNumbers = Set.copyOf(numbers);
        return this;
    }

    /** (d) Every MERGE statement fails with {@value #UNKNOWN_ERROR} "'MERGE' is not currently supported". */
    public ServerQuirks refuseMerge(boolean on) {
        refuseMerge = on;
        return this;
    }

    /**
     * (e) Looks and bulk-loads like Babelfish: {@code @@VERSION} is {@link #BABELFISH_VERSION},
     * {@code SERVERPROPERTY('babelfish')} is 1 (NULL otherwise); a bulk load stores a uniqueidentifier as the first 16
     * bytes of its upper-case text, does not pad a shorter char(n)/nchar(n) value with spaces (H2 always pads CHAR, so
     * the emulator pads with U+0000 instead: the value reads back wrong, as on that server), and gives the table's
     * columns missing from INSERT BULK NULL instead of their defaults (a NOT NULL one fails the load with 515).
     */
    public ServerQuirks babelfish(boolean on) {
        babelfish = on;
        return this;
    }

    /** Turns every quirk off. */
    public ServerQuirks reset() {
        bulkLoadOpensNoTransaction = false;
        poisonAfterFailedBulkLoad = false;
        allNumbersUnknown = false;
        unknownNumbers = Set.of();
        refuseMerge = false;
        babelfish = false;
        return this;
    }

    public boolean bulkLoadOpensNoTransaction() {
        return bulkLoadOpensNoTransaction;
    }

    public boolean poisonAfterFailedBulkLoad() {
        return poisonAfterFailedBulkLoad;
    }

    public boolean refuseMerge() {
        return refuseMerge;
    }

    public boolean babelfish() {
        return babelfish;
    }

    /** The error as the client sees it: renumbered {@value #UNKNOWN_ERROR} when (c) applies to its number. */
    public SqlServerError asReported(SqlServerError error) {
        if (error.number == UNKNOWN_ERROR || !(allNumbersUnknown || unknownNumbers.contains(error.number))) {
            return error;
        }
        return new SqlServerError(UNKNOWN_ERROR, 1, 16, error.getMessage());
    }
}
