package dev.mssqlbulk.emulator.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** DROP TABLE / VIEW [IF EXISTS] name, ... and DROP INDEX; other DROPs go to H2 as rewritten. */
final class DropStatement {
    private final SqlSession session;
    private final Catalog catalog;
    private final SessionConnection connection;
    private final IdentityInsert identity;

    DropStatement(SqlSession session, Catalog catalog, SessionConnection connection, IdentityInsert identity) {
        this.session = session;
        this.catalog = catalog;
        this.connection = connection;
        this.identity = identity;
    }

    void execute(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
        String what = t.get(1).keyword();
        int i = 2;
        boolean ifExists = false;
        if (t.size() > 3 && t.get(2).is("IF") && t.get(3).is("EXISTS")) {
            ifExists = true;
            i = 4;
        }
        switch (what) {
            case "TABLE":
            case "VIEW":
                dropObjects(t, i, what, ifExists);
                break;
            case "INDEX":
                dropIndex(t, i, ifExists);
                break;
            default:
                Rewriter.Result r = Rewriter.rewrite(t, session);
                connection.update(r.sql(), context(null));
        }
        sink.done(false, 0);
    }

    private void dropObjects(List<Token> t, int i, String what, boolean ifExists) throws SqlServerError, SQLException {
        while (i < t.size()) {
            int[] end = new int[1];
            TableName name = TableName.read(t, i, end);
            i = end[0] + 1; // skip comma
            if (!connection.objectExists(name)) {
                if (ifExists) {
                    continue;
                }
                throw new SqlServerError(
                        3701,
                        5,
                        11,
                        "Cannot drop the " + what.toLowerCase(Locale.ROOT) + " '" + name.name()
                                + "', because it does not exist or you do not have permission.");
            }
            connection.update("DROP " + what + " " + name.sql(), context(name));
            catalog.remove(name.schema(), name.name());
            identity.forget(name);
        }
    }

    /** DROP INDEX [IF EXISTS] ix ON table, or the older DROP INDEX table.ix. */
    private void dropIndex(List<Token> t, int i, boolean ifExists) throws SqlServerError {
        String ix = t.get(i).name();
        String schema = "dbo";
        if (i + 2 < t.size() && t.get(i + 1).isSymbol(".")) { // DROP INDEX table.ix
            ix = t.get(i + 2).name();
        } else if (i + 2 < t.size() && t.get(i + 1).is("ON")) {
            schema = TableName.read(t, i + 2, new int[1]).schema();
        }
        connection.update(
                "DROP INDEX " + (ifExists ? "IF EXISTS " : "") + Rewriter.quote(schema) + "." + Rewriter.quote(ix),
                context(null));
    }

    private ErrorMapper.Context context(TableName target) {
        return new ErrorMapper.Context("DROP", target, session.database());
    }
}
