package dev.mssqlbulk.emulator.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** CREATE TABLE, CREATE [OR ALTER] VIEW, CREATE [UNIQUE] [NON]CLUSTERED INDEX and CREATE SCHEMA. */
final class CreateStatement {
    private final SqlSession session;
    private final Engine engine;
    private final SessionConnection connection;
    private final DeclaredTypes types;

    CreateStatement(SqlSession session, Engine engine, SessionConnection connection, DeclaredTypes types) {
        this.session = session;
        this.engine = engine;
        this.connection = connection;
        this.types = types;
    }

    void execute(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
        String k1 = t.get(1).keyword();
        switch (k1) {
            case "TABLE":
                createTable(t, sink);
                return;
            case "VIEW":
            case "OR":
                createView(t, sink);
                return;
            case "UNIQUE":
            case "INDEX":
            case "CLUSTERED":
            case "NONCLUSTERED":
                createIndex(t, sink);
                return;
            case "SCHEMA": {
                String name = t.get(2).name();
                connection.update(
                        "CREATE SCHEMA " + Rewriter.quote(name),
                        new ErrorMapper.Context("CREATE", null, session.database()));
                sink.done(false, 0);
                return;
            }
            default:
                throw SqlServerError.unsupported("CREATE " + k1);
        }
    }

    private void createTable(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
        DdlTranslator ddl = new DdlTranslator(session, engine::nextConstraintNumber);
        DdlTranslator.TablePlan plan = ddl.createTable(t);
        ErrorMapper.Context ctx = new ErrorMapper.Context("CREATE", plan.name, session.database());
        if (engine.catalog().table(plan.name.schema(), plan.name.name()) != null
                || connection.objectExists(plan.name)) {
            throw SqlServerError.alreadyExists(plan.name.name());
        }
        types.inferComputedTypes(plan, ctx);
        connection.update(plan.createSql(), ctx);
        for (String s : plan.after) {
            connection.update(s, ctx);
        }
        engine.catalog().put(DeclaredTypes.tableMeta(plan));
        sink.done(false, 0);
    }

    private void createView(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
        List<Token> v = new ArrayList<>(t);
        if (v.get(1).is("OR")) { // CREATE OR ALTER VIEW
            v.subList(1, 3).clear();
        }
        int[] end = new int[1];
        TableName name = TableName.read(v, 2, end);
        int as = end[0];
        while (as < v.size() && !v.get(as).is("AS")) {
            as++;
        }
        if (as >= v.size()) {
            throw SqlServerError.syntax(v.get(v.size() - 1).text());
        }
        List<Token> header = new ArrayList<>(v.subList(end[0], as));
        header.removeIf(x -> x.is("WITH") || x.is("SCHEMABINDING") || x.is("VIEW_METADATA") || x.is("ENCRYPTION"));
        List<Token> body = v.subList(as + 1, v.size());
        Rewriter.Result b = Rewriter.rewrite(body, session);
        String cols =
                header.isEmpty() ? "" : " " + Rewriter.rewrite(header, session).sql();
        ErrorMapper.Context ctx = new ErrorMapper.Context("CREATE", name, session.database());
        boolean replace = t.get(1).is("OR");
        if (!replace && connection.objectExists(name)) {
            throw SqlServerError.alreadyExists(name.name());
        }
        connection.update(
                "CREATE " + (replace ? "OR REPLACE " : "") + "VIEW " + name.sql() + cols + " AS " + b.sql(), ctx);
        engine.catalog().put(types.viewMeta(name, b.sql()));
        sink.done(false, 0);
    }

    private void createIndex(List<Token> t, ResultSink sink) throws SqlServerError {
        int i = 1;
        boolean unique = false;
        while (!t.get(i).is("INDEX")) {
            unique |= t.get(i).is("UNIQUE");
            i++;
        }
        String ix = t.get(i + 1).name();
        int[] end = new int[1];
        TableName table = TableName.read(t, i + 3, end);
        int open = end[0];
        int close = Rewriter.matchParen(t, open);
        String sql = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + Rewriter.quote(ix) + " ON " + table.sql() + " ("
                + String.join(", ", DdlTranslator.columnList(t, open, close, true)) + ")";
        connection.update(sql, new ErrorMapper.Context("CREATE", table, session.database()));
        sink.done(false, 0);
    }
}
