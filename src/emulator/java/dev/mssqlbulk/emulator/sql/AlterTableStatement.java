package dev.mssqlbulk.emulator.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE name ADD columns or constraints (also WITH CHECK / NOCHECK ADD), DROP COLUMN / CONSTRAINT and
 * ALTER COLUMN, keeping the catalog's declared columns in step.
 */
final class AlterTableStatement {
    private final SqlSession session;
    private final Engine engine;
    private final SessionConnection connection;

    AlterTableStatement(SqlSession session, Engine engine, SessionConnection connection) {
        this.session = session;
        this.engine = engine;
        this.connection = connection;
    }

    void execute(List<Token> t, ResultSink sink) throws SqlServerError, SQLException {
        int[] end = new int[1];
        TableName name = TableName.read(t, 2, end);
        int i = end[0];
        ErrorMapper.Context ctx = new ErrorMapper.Context("ALTER TABLE", name, session.database());
        Catalog.TableMeta meta = engine.catalog().table(name.schema(), name.name());
        if (meta == null) {
            throw new SqlServerError(
                    4902,
                    1,
                    16,
                    "Cannot find the object \"" + name.name()
                            + "\" because it does not exist or you do not have permissions.");
        }
        List<Catalog.ColumnMeta> cols = new ArrayList<>(meta.columns());
        String verb = t.get(i).keyword();
        if (verb.equals("WITH") || verb.equals("CHECK") || verb.equals("NOCHECK")) {
            while (i < t.size() && !t.get(i).is("ADD")) {
                i++;
            }
            verb = "ADD";
        }
        switch (verb) {
            case "ADD":
                add(t, i + 1, name, cols, ctx);
                break;
            case "DROP":
                drop(t, i + 1, name, cols, ctx);
                break;
            case "ALTER":
                alterColumn(new ArrayList<>(t.subList(i + 2, t.size())), name, cols, ctx);
                break;
            default:
                throw SqlServerError.unsupported("ALTER TABLE ... " + verb);
        }
        engine.catalog().put(new Catalog.TableMeta(meta.schema(), meta.name(), cols, false));
        sink.done(false, 0);
    }

    /** ADD [COLUMN] definition | [CONSTRAINT c] DEFAULT expr FOR column | table constraint, ... */
    private void add(List<Token> t, int from, TableName name, List<Catalog.ColumnMeta> cols, ErrorMapper.Context ctx)
            throws SqlServerError {
        DdlTranslator ddl = translator();
        for (List<Token> e : DdlTranslator.elements(t, from, t.size())) {
            if (e.get(0).is("COLUMN")) {
                e = e.subList(1, e.size());
            }
            if (e.size() > 3 && e.get(0).is("CONSTRAINT") && e.get(2).is("DEFAULT")) {
                int forAt = indexOf(e, "FOR");
                String column = e.get(forAt + 1).name();
                String expr = ddl.expression(e.subList(3, forAt));
                alter(name, "ALTER COLUMN " + Rewriter.quote(column) + " SET DEFAULT " + expr, ctx);
                continue;
            }
            if (DdlTranslator.isTableConstraint(e)) {
                List<String> after = new ArrayList<>();
                String c = ddl.constraint(name, e, after, new ArrayList<>());
                if (c != null) {
                    alter(name, "ADD " + c, ctx);
                }
                for (String s : after) {
                    connection.update(s, ctx);
                }
                continue;
            }
            DdlTranslator.TablePlan plan = plan(name);
            DdlTranslator.ColumnDef c = ddl.column(plan, e);
            if (c.computedSql != null) {
                throw SqlServerError.unsupported("adding computed columns");
            }
            alter(name, "ADD COLUMN " + c.h2(), ctx);
            for (String s : plan.constraints) {
                alter(name, "ADD " + s, ctx);
            }
            cols.add(new Catalog.ColumnMeta(c.name, c.declared, c.identity, false, c.nullable(), c.defaultText));
        }
    }

    /** DROP COLUMN c, ... | DROP [CONSTRAINT] c. */
    private void drop(List<Token> t, int i, TableName name, List<Catalog.ColumnMeta> cols, ErrorMapper.Context ctx)
            throws SqlServerError {
        if (t.get(i).is("COLUMN")) {
            for (List<Token> e : DdlTranslator.elements(t, i + 1, t.size())) {
                String column = e.get(0).name();
                alter(name, "DROP COLUMN " + Rewriter.quote(column), ctx);
                cols.removeIf(c -> c.name().equalsIgnoreCase(column));
            }
        } else {
            int j = t.get(i).is("CONSTRAINT") ? i + 1 : i;
            alter(name, "DROP CONSTRAINT " + Rewriter.quote(t.get(j).name()), ctx);
        }
    }

    /** ALTER COLUMN definition: type and nullability; identity and default stay. */
    private void alterColumn(List<Token> e, TableName name, List<Catalog.ColumnMeta> cols, ErrorMapper.Context ctx)
            throws SqlServerError {
        DdlTranslator.ColumnDef c = translator().column(plan(name), e);
        alter(name, "ALTER COLUMN " + Rewriter.quote(c.name) + " SET DATA TYPE " + c.h2Type, ctx);
        alter(
                name,
                "ALTER COLUMN " + Rewriter.quote(c.name)
                        + (Boolean.TRUE.equals(c.notNull) ? " SET NOT NULL" : " DROP NOT NULL"),
                ctx);
        for (int k = 0; k < cols.size(); k++) {
            Catalog.ColumnMeta old = cols.get(k);
            if (old.name().equalsIgnoreCase(c.name)) {
                cols.set(
                        k,
                        new Catalog.ColumnMeta(
                                old.name(), c.declared, old.identity(), false, c.nullable(), old.defaultText()));
            }
        }
    }

    private void alter(TableName name, String action, ErrorMapper.Context ctx) throws SqlServerError {
        connection.update("ALTER TABLE " + name.sql() + " " + action, ctx);
    }

    private DdlTranslator translator() {
        return new DdlTranslator(session, engine::nextConstraintNumber);
    }

    private static DdlTranslator.TablePlan plan(TableName name) {
        DdlTranslator.TablePlan plan = new DdlTranslator.TablePlan();
        plan.name = name;
        return plan;
    }

    private static int indexOf(List<Token> t, String keyword) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is(keyword)) {
                return i;
            }
        }
        return -1;
    }
}
