package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.ColMetadata;
import dev.mssqlbulk.emulator.codec.SqlType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL Server types behind H2's: the catalog entries of created tables and views, and the types of computed
 * columns, which H2 infers from their expressions.
 */
final class DeclaredTypes {
    private final Engine engine;
    private final SessionConnection connection;
    private final ResultSetConverter results;

    DeclaredTypes(Engine engine, SessionConnection connection, ResultSetConverter results) {
        this.engine = engine;
        this.connection = connection;
        this.results = results;
    }

    /** The catalog entry of a created table: primary key columns are not nullable. */
    static Catalog.TableMeta tableMeta(DdlTranslator.TablePlan plan) {
        List<Catalog.ColumnMeta> cols = new ArrayList<>();
        for (DdlTranslator.ColumnDef c : plan.columns) {
            boolean pk = plan.primaryKeyColumns.stream().anyMatch(p -> p.equalsIgnoreCase(c.name));
            cols.add(new Catalog.ColumnMeta(
                    c.name, c.declared, c.identity, c.computedSql != null, c.nullable() && !pk, c.defaultText));
        }
        return new Catalog.TableMeta(plan.name.schema(), plan.name.name(), cols, false);
    }

    /** Types the plan's computed columns by selecting their expressions from a scratch table of the other columns. */
    void inferComputedTypes(DdlTranslator.TablePlan plan, ErrorMapper.Context ctx) throws SqlServerError {
        if (plan.columns.stream().noneMatch(c -> c.computedSql != null)) {
            return;
        }
        String tmp = Rewriter.quote("dbo") + "." + Rewriter.quote("EMU_TMP_" + engine.nextConstraintNumber());
        List<String> cols = new ArrayList<>();
        for (DdlTranslator.ColumnDef c : plan.columns) {
            if (c.computedSql == null) {
                cols.add(Rewriter.quote(c.name) + " " + c.h2Type);
            }
        }
        connection.update("CREATE TABLE " + tmp + " (" + String.join(", ", cols) + ")", ctx);
        try {
            for (DdlTranslator.ColumnDef c : plan.columns) {
                if (c.computedSql != null) {
                    try (Statement st = connection.jdbc().createStatement();
                            ResultSet rs =
                                    st.executeQuery("SELECT (" + c.computedSql + ") FROM " + tmp + " WHERE 1 = 0")) {
                        ResultSetMetaData md = rs.getMetaData();
                        c.h2Type = TypeMapping.h2TypeSql(md, 1);
                        c.declared = TypeMapping.fromH2(md, 1);
                    } catch (SQLException e) {
                        throw connection.map(e, ctx);
                    }
                }
            }
        } finally {
            try {
                connection.update("DROP TABLE " + tmp, ctx);
            } catch (SqlServerError ignored) {
                // best effort
            }
        }
    }

    /** The catalog entry of a created view: its columns typed as its body's result describes them. */
    Catalog.TableMeta viewMeta(TableName name, String bodySql) throws SQLException {
        Connection jdbc = connection.jdbc();
        List<Catalog.ColumnMeta> metas = new ArrayList<>();
        try (Statement st = jdbc.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + name.sql() + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            List<ColMetadata.Column> described;
            try (Statement st2 = jdbc.createStatement()) {
                st2.setMaxRows(1);
                try (ResultSet body = st2.executeQuery(bodySql)) {
                    described = results.describe(body.getMetaData());
                } catch (SQLException e) {
                    described = results.describe(md);
                }
            }
            for (int i = 1; i <= md.getColumnCount(); i++) {
                SqlType type = i <= described.size() ? described.get(i - 1).type().sqlType : TypeMapping.fromH2(md, i);
                metas.add(new Catalog.ColumnMeta(
                        md.getColumnName(i),
                        type,
                        false,
                        false,
                        md.isNullable(i) != ResultSetMetaData.columnNoNulls,
                        null));
            }
        }
        return new Catalog.TableMeta(name.schema(), name.name(), metas, true);
    }
}
