package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.CurCmd;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client session on its own H2 connection: splits batches, routes each T-SQL statement to the class that runs it
 * (translated), keeps the session state (database, parameters, prepared handles) and reports results to a sink.
 * Not thread-safe: a session is driven by one thread.
 */
public final class SqlSession implements AutoCloseable, Rewriter.Context {
    private static final int CACHED_SPLITS = 256;

    private final int spid;
    private String database;
    private Params params = Params.NONE;
    private final Map<Integer, Prepared> prepared = new HashMap<>();
    private int nextHandle = 1;
    private final Map<String, List<List<Token>>> splitCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<List<Token>>> eldest) {
            return size() > CACHED_SPLITS;
        }
    };

    private final SessionConnection connection;
    private final Transactions transactions;
    private final SetOptions options;
    private final DmlExecutor dml;
    private final ControlFlow controlFlow;
    private final CreateStatement create;
    private final AlterTableStatement alterTable;
    private final DropStatement drop;
    private final Catalog catalog;
    private final BulkLoadExecutor bulk;
    private final ServerQuirks quirks;
    /** The INSERT BULK of the last batch, waiting for its BulkLoadBCP message. */
    private InsertBulk.Target pendingBulk;

    public SqlSession(Engine engine, String database, int spid) throws SQLException {
        this.connection = new SessionConnection(engine);
        this.spid = spid;
        this.database = database;
        this.catalog = engine.catalog();
        IdentityInsert identity = new IdentityInsert(catalog, connection.jdbc());
        ResultSetConverter results = new ResultSetConverter(catalog);
        this.transactions = new Transactions(connection.jdbc(), spid, identity);
        this.options = new SetOptions(connection.jdbc(), identity, transactions);
        this.dml = new DmlExecutor(this, connection, identity, options, results);
        this.controlFlow = new ControlFlow(this, dml);
        this.create = new CreateStatement(this, engine, connection, new DeclaredTypes(engine, connection, results));
        this.alterTable = new AlterTableStatement(this, engine, connection);
        this.drop = new DropStatement(this, catalog, connection, identity);
        this.quirks = engine.quirks();
        this.bulk = new BulkLoadExecutor(connection, quirks);
    }

    // ---- Rewriter.Context
    @Override
    public Integer parameter(String name) {
        return params.index(name);
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public long rowCount() {
        return dml.rowCount();
    }

    @Override
    public int tranCount() {
        return transactions.tranCount();
    }

    @Override
    public int spid() {
        return spid;
    }

    @Override
    public String version() {
        return quirks.babelfish() ? ServerQuirks.BABELFISH_VERSION : Rewriter.VERSION;
    }

    public boolean inTransaction() {
        return transactions.tranCount() > 0;
    }

    /** The parameter values of the running RPC ({@link Params#NONE} in a batch). */
    Params params() {
        return params;
    }

    // ---- entry points

    /** A SQL batch: each statement is counted by the hook; errors go to the sink; batch-aborting errors stop it. */
    public void executeBatch(String sql, ResultSink sink, StatementHook hook) {
        enter();
        List<List<Token>> statements = StatementSplitter.split(sql);
        if (statements.isEmpty()) {
            sink.done(false, 0);
            return;
        }
        params = Params.NONE;
        pendingBulk = null;
        runStatements(statements, sink, hook);
    }

    /**
     * The BulkLoadBCP message that follows INSERT BULK: rows with one value per INSERT BULK column, all inserted or none
     * (see {@link BulkLoadExecutor}); DONE with the row count, or the error. Without a preceding INSERT BULK: 4002.
     */
    public void bulkLoad(int columnCount, List<Object[]> rows, ResultSink sink) {
        InsertBulk.Target target = pendingBulk;
        pendingBulk = null;
        if (target == null || columnCount != target.columns().size()) {
            sink.error(new SqlServerError(
                    4002, 1, 16, "The incoming tabular data stream (TDS) protocol stream is incorrect."));
            return;
        }
        enter();
        try {
            long n = bulk.load(target, rows, database);
            sink.done(true, n, CurCmd.BULK_INSERT);
        } catch (SqlServerError e) {
            sink.error(e);
            if (options.xactAbort() && inTransaction()) {
                rollbackAll(sink);
            }
        }
    }

    /** SQL text and parameter definitions of a prepared handle. */
    public record Prepared(String sql, String definitions) {}

    /** Registers SQL text and its parameter definitions for sp_prepexec / sp_prepare; returns the handle. */
    public int prepare(String sql, String definitions) {
        int handle = nextHandle++;
        prepared.put(handle, new Prepared(sql, definitions));
        return handle;
    }

    /** The statement of a handle, or null when there is none. */
    public Prepared prepared(int handle) {
        return prepared.get(handle);
    }

    public void unprepare(int handle) {
        prepared.remove(handle);
    }

    /** Runs the statements of an RPC body with parameters; returns the first error (already sent to the sink). */
    public SqlServerError executeRpc(String sql, Params p, ResultSink sink) {
        return executeRpc(sql, p, sink, StatementHook.NONE);
    }

    /**
     * As {@link #executeRpc(String, Params, ResultSink)}; the hook sees each statement ({@link StatementHook#executing})
     * but not {@link StatementHook#before()}/{@link StatementHook#after()}: an RPC call is counted once, by its caller.
     */
    public SqlServerError executeRpc(String sql, Params p, ResultSink sink, StatementHook hook) {
        enter();
        List<List<Token>> statements = splitCache.computeIfAbsent(sql, StatementSplitter::split);
        params = p;
        pendingBulk = null;
        try {
            if (statements.isEmpty()) {
                return null;
            }
            return runStatements(statements, sink, StatementHook.uncounted(hook));
        } finally {
            params = Params.NONE;
        }
    }

    private SqlServerError runStatements(List<List<Token>> statements, ResultSink sink, StatementHook hook) {
        SqlServerError first = null;
        for (List<Token> statement : statements) {
            hook.before();
            try {
                hook.executing(statement, runsInTransaction(statement));
                execute(statement, sink);
                hook.after();
                if (statement.stream().anyMatch(token -> token.is("COMMIT"))) {
                    hook.afterCommit();
                }
            } catch (SqlServerError e) {
                if (first == null) {
                    first = e;
                }
                sink.error(e);
                if (e.number == 1205 || (options.xactAbort() && inTransaction())) {
                    rollbackAll(sink);
                }
                hook.after();
                if (e.abortsBatch() || options.xactAbort()) {
                    break;
                }
            }
        }
        return first;
    }

    /** Sets what the H2 functions read of this session on the thread that runs it (sessions are single-threaded). */
    private void enter() {
        H2Functions.CURRENT_DATABASE.set(database);
        H2Functions.BABELFISH.set(quirks.babelfish());
    }

    /**
     * Whether the statement runs inside a transaction: one is open, or IMPLICIT_TRANSACTIONS ON and the statement opens
     * one (what tells a job's checkpoint UPDATE from the lease renewals and status writes made in auto-commit).
     */
    private boolean runsInTransaction(List<Token> statement) {
        if (inTransaction()) {
            return true;
        }
        List<Token> t = Lexer.significant(statement);
        return !t.isEmpty()
                && transactions.implicitTransactions()
                && startsImplicitTransaction(t.get(0).keyword(), t);
    }

    /** Runs a script as the admin (executeScript): throws on the first error. */
    public void executeScript(String script, ResultSink sink) throws SqlServerError {
        enter();
        params = Params.NONE;
        for (String batch : StatementSplitter.splitGo(script)) {
            for (List<Token> statement : StatementSplitter.split(batch)) {
                execute(statement, sink);
            }
        }
    }

    /** Rolls the whole transaction back (ROLLBACK, XACT_ABORT, deadlock, disconnect); sink may be null. */
    public void rollbackAll(ResultSink sink) {
        transactions.rollbackAll(sink);
    }

    // ---- statement dispatch

    /** Runs one statement (its tokens as split); also the statements inside IF and BEGIN..END. */
    void execute(List<Token> statement, ResultSink sink) throws SqlServerError {
        List<Token> t = Lexer.significant(statement);
        if (t.isEmpty()) {
            return;
        }
        String k0 = t.get(0).keyword();
        String k1 = t.size() > 1 ? t.get(1).keyword() : "";
        try {
            if (k0.equals("MERGE") && quirks.refuseMerge()) {
                throw new SqlServerError(ServerQuirks.UNKNOWN_ERROR, 1, 16, "'MERGE' is not currently supported");
            }
            if (startsImplicitTransaction(k0, t)) {
                transactions.beforeDataStatement(sink);
            }
            switch (k0) {
                case "INSERT":
                    if (k1.equals("BULK")) {
                        pendingBulk = InsertBulk.parse(t, catalog);
                        sink.done(false, 0);
                        return;
                    }
                    break;
                case "SP_EXECUTESQL":
                    dynamicSql(t, 1, sink);
                    return;
                case "BEGIN":
                    if (k1.equals("TRAN") || k1.equals("TRANSACTION") || k1.equals("DISTRIBUTED")) {
                        transactions.begin(sink);
                    } else {
                        controlFlow.block(t, sink);
                    }
                    return;
                case "COMMIT":
                    transactions.commit(sink);
                    return;
                case "ROLLBACK":
                    transactions.rollback(t, sink);
                    return;
                case "SAVE":
                    transactions.save(t, sink);
                    return;
                case "SET":
                    options.set(t, sink);
                    return;
                case "IF":
                    controlFlow.ifStatement(t, sink);
                    return;
                case "CREATE":
                    create.execute(t, sink);
                    return;
                case "DROP":
                    drop.execute(t, sink);
                    return;
                case "ALTER":
                    if (k1.equals("TABLE")) {
                        alterTable.execute(t, sink);
                        return;
                    }
                    break;
                case "TRUNCATE": {
                    TableName name = TableName.read(t, 2, new int[1]);
                    connection.update(
                            "TRUNCATE TABLE " + name.sql() + " RESTART IDENTITY",
                            new ErrorMapper.Context("TRUNCATE", name, database));
                    sink.done(false, 0);
                    return;
                }
                case "USE":
                    if (t.size() > 1) {
                        database = t.get(1).name();
                        H2Functions.CURRENT_DATABASE.set(database);
                    }
                    sink.done(false, 0);
                    return;
                case "PRINT": {
                    Object v = dml.scalar(t.subList(1, t.size()));
                    sink.info(0, v == null ? "" : v.toString());
                    sink.done(false, 0);
                    return;
                }
                case "THROW":
                case "RAISERROR":
                    throw controlFlow.raise(t);
                case "GO":
                    return;
                case "EXEC":
                case "EXECUTE":
                    if (k1.equals("SP_EXECUTESQL") || k1.equals("SYS")) {
                        dynamicSql(t, k1.equals("SYS") ? 4 : 2, sink);
                        return;
                    }
                    throw SqlServerError.unsupported(k0 + " statements");
                case "DECLARE":
                case "WHILE":
                    throw SqlServerError.unsupported(k0 + " statements");
                default:
                    break;
            }
            dml.execute(t, sink);
        } catch (SQLException e) {
            throw connection.map(e, new ErrorMapper.Context(k0, null, database));
        }
    }

    /**
     * [EXEC] sp_executesql N'statements' in a batch (how SQLServerBulkCopy asks SET FMTONLY ON SELECT * FROM table): runs
     * the text as a nested scope, so SET FMTONLY inside it ends with it. Parameters are not supported in this form.
     */
    private void dynamicSql(List<Token> t, int at, ResultSink sink) throws SqlServerError {
        if (at >= t.size()
                || (t.get(at).kind() != Token.Kind.NSTRING && t.get(at).kind() != Token.Kind.STRING)) {
            throw new SqlServerError(
                    201,
                    4,
                    16,
                    "Procedure or function 'sp_executesql' expects parameter '@statement', which was not supplied.");
        }
        if (at + 1 < t.size()) {
            throw SqlServerError.unsupported("sp_executesql with parameters in a SQL batch");
        }
        boolean fmtOnly = options.fmtOnly();
        try {
            for (List<Token> statement : StatementSplitter.split(t.get(at).value())) {
                execute(statement, sink);
            }
        } finally {
            options.fmtOnly(fmtOnly);
        }
    }

    /**
     * Statements that open a transaction under IMPLICIT_TRANSACTIONS ON: DML (INSERT BULK included), DDL, TRUNCATE and
     * SELECT from a table (a SELECT without FROM, such as SELECT @@TRANCOUNT, does not).
     */
    private boolean startsImplicitTransaction(String k0, List<Token> t) {
        switch (k0) {
            case "INSERT":
                // INSERT BULK opens none on Babelfish (ServerQuirks.bulkLoadOpensNoTransaction): its rows commit on
                // their own
                return !(t.size() > 1 && t.get(1).is("BULK") && quirks.bulkLoadOpensNoTransaction());
            case "UPDATE":
            case "DELETE":
            case "MERGE":
            case "CREATE":
            case "DROP":
            case "ALTER":
            case "TRUNCATE":
                return true;
            case "SELECT":
            case "WITH":
                return t.stream().anyMatch(x -> x.is("FROM"));
            default:
                return false;
        }
    }

    @Override
    public void close() {
        rollbackAll(null);
        connection.close();
    }
}
