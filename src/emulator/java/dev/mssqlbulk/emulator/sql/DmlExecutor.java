package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.CurCmd;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs SELECT, VALUES, INSERT, UPDATE, DELETE and MERGE (each possibly after WITH): adjusts the statement for H2,
 * rewrites it, runs it through the statement cache with the session's parameters and streams rows or the count.
 */
final class DmlExecutor {
    private static final Set<String> MAIN_VERBS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE");

    private final SqlSession session;
    private final SessionConnection connection;
    private final IdentityInsert identity;
    private final SetOptions options;
    private final ResultSetConverter results;
    private long lastRowCount;

    DmlExecutor(
            SqlSession session,
            SessionConnection connection,
            IdentityInsert identity,
            SetOptions options,
            ResultSetConverter results) {
        this.session = session;
        this.connection = connection;
        this.identity = identity;
        this.options = options;
        this.results = results;
    }

    /** @@ROWCOUNT: rows of the last DML statement or query. */
    long rowCount() {
        return lastRowCount;
    }

    void execute(List<Token> t, ResultSink sink) throws SqlServerError {
        String verb = t.get(0).keyword();
        int main = 0;
        if (verb.equals("WITH")) {
            int at = Rewriter.topLevel(t, 0, i -> MAIN_VERBS.contains(t.get(i).keyword()));
            if (at >= 0) {
                main = at;
                verb = t.get(at).keyword();
            }
        }
        List<Token> tokens = new ArrayList<>(t);
        TableName target = adjust(verb, tokens, main);
        ErrorMapper.Context ctx = new ErrorMapper.Context(verb, target, session.database());
        Rewriter.Result r = Rewriter.rewrite(tokens, session);
        if (options.fmtOnly()) {
            formatOnly(verb, r, ctx, sink);
            return;
        }
        try {
            PreparedStatement ps = bound(r);
            boolean isQuery = ps.execute();
            long count;
            if (isQuery) {
                try (ResultSet rs = ps.getResultSet()) {
                    count = results.stream(rs, sink);
                }
            } else {
                count = Math.max(0, ps.getLargeUpdateCount());
            }
            lastRowCount = count;
            identity.written(target, session.inTransaction());
            sink.done(!options.nocount(), count, CurCmd.of(verb));
        } catch (SQLException e) {
            lastRowCount = 0;
            throw connection.map(e, ctx);
        }
    }

    /** SET FMTONLY ON: a query sends its COLMETADATA and no rows; DML does not run. */
    private void formatOnly(String verb, Rewriter.Result r, ErrorMapper.Context ctx, ResultSink sink)
            throws SqlServerError {
        if (verb.equals("SELECT") || verb.equals("VALUES")) {
            try {
                PreparedStatement ps = connection.prepared(r.sql());
                sink.columns(results.describe(ps.getMetaData()));
            } catch (SQLException e) {
                throw connection.map(e, ctx);
            }
        }
        sink.done(false, 0);
    }

    /** Adjusts tokens (the statement's copy) for H2; returns the written table, or null for a query. */
    private TableName adjust(String verb, List<Token> tokens, int main) throws SqlServerError {
        switch (verb) {
            case "INSERT":
                return identity.adjustInsert(tokens, main);
            case "MERGE":
                return identity.adjustMerge(tokens, main);
            case "UPDATE":
                return TableName.read(tokens, main + 1, new int[1]);
            case "DELETE": {
                int i = main + 1;
                if (i < tokens.size() && tokens.get(i).is("TOP")) {
                    throw SqlServerError.unsupported("DELETE TOP");
                }
                if (i < tokens.size() && !tokens.get(i).is("FROM")) {
                    tokens.add(i, Token.word("FROM"));
                }
                return TableName.read(tokens, i + 1, new int[1]);
            }
            case "SELECT":
            case "VALUES":
                return null;
            default:
                throw SqlServerError.syntax(tokens.get(0).text());
        }
    }

    /** Evaluates an expression with a SELECT (IF conditions, PRINT, THROW and RAISERROR messages). */
    Object scalar(List<Token> expression) throws SqlServerError {
        List<Token> q = new ArrayList<>();
        q.add(Token.word("SELECT"));
        q.addAll(expression);
        Rewriter.Result r = Rewriter.rewrite(q, session);
        try {
            PreparedStatement ps = bound(r);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw connection.map(e, new ErrorMapper.Context("SELECT", null, session.database()));
        }
    }

    /** The cached statement for the rewritten SQL with the session's parameter values bound. */
    private PreparedStatement bound(Rewriter.Result r) throws SQLException {
        PreparedStatement ps = connection.prepared(r.sql());
        session.params().bind(ps, r.parameters());
        return ps;
    }
}
