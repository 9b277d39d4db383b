package dev.mssqlbulk.emulator.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Identity columns in a session: SET IDENTITY_INSERT, the explicit-value checks of INSERT and MERGE (544, 8101),
 * the column list that INSERT without one needs, and moving H2's identity past explicitly inserted values.
 */
final class IdentityInsert {
    private final Catalog catalog;
    private final Connection jdbc;
    /** Catalog keys of the tables with IDENTITY_INSERT ON. */
    private final Set<String> on = new HashSet<>();
    /** Tables written with IDENTITY_INSERT ON whose identity restarts once the transaction ends. */
    private final Set<TableName> pendingRestart = new HashSet<>();

    IdentityInsert(Catalog catalog, Connection jdbc) {
        this.catalog = catalog;
        this.jdbc = jdbc;
    }

    /** SET IDENTITY_INSERT name ON|OFF. */
    void set(TableName name, boolean enable) throws SqlServerError {
        Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
        if (meta == null) {
            throw SqlServerError.invalidObject(name.name());
        }
        if (meta.columns().stream().noneMatch(Catalog.ColumnMeta::identity)) {
            throw new SqlServerError(
                    8106,
                    1,
                    16,
                    "Table '" + name.display()
                            + "' does not have the identity property. Cannot perform SET operation.");
        }
        String key = Catalog.key(name.schema(), name.name());
        if (enable) {
            on.add(key);
        } else {
            on.remove(key);
        }
    }

    /** The table was dropped. */
    void forget(TableName name) {
        on.remove(Catalog.key(name.schema(), name.name()));
    }

    private boolean isOn(TableName name) {
        return on.contains(Catalog.key(name.schema(), name.name()));
    }

    /** INSERT: adds INTO, checks explicit identity values (544) and lists the columns when the table has identity. */
    TableName adjustInsert(List<Token> t, int at) throws SqlServerError {
        int i = at + 1;
        if (i < t.size() && !t.get(i).is("INTO")) {
            t.add(i, Token.word("INTO"));
        }
        i++;
        int[] end = new int[1];
        TableName name = TableName.read(t, i, end);
        int j = end[0];
        if (j < t.size()
                && t.get(j).is("WITH")
                && j + 1 < t.size()
                && t.get(j + 1).isSymbol("(")) {
            j = Rewriter.matchParen(t, j + 1) + 1;
        }
        Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
        if (meta == null || j >= t.size()) {
            return name;
        }
        boolean identityInsertOn = isOn(name);
        if (t.get(j).isSymbol("(") && !(j + 1 < t.size() && t.get(j + 1).is("SELECT"))) {
            int close = Rewriter.matchParen(t, j);
            checkIdentityColumns(meta, t.subList(j + 1, close), identityInsertOn);
        } else if ((t.get(j).is("VALUES") || t.get(j).is("SELECT") || t.get(j).isSymbol("("))
                && meta.hasIdentityOrComputed()) {
            if (identityInsertOn) {
                throw new SqlServerError(
                        8101,
                        1,
                        16,
                        "An explicit value for the identity column in table '" + name.name()
                                + "' can only be specified when a column list is used and IDENTITY_INSERT is ON.");
            }
            t.addAll(j, insertableColumns(meta));
        }
        return name;
    }

    /** "(col, ...)" of the columns that take values: all but identity and computed ones. */
    private static List<Token> insertableColumns(Catalog.TableMeta meta) {
        List<Token> list = new ArrayList<>();
        list.add(Token.symbol("("));
        for (Catalog.ColumnMeta c : meta.columns()) {
            if (!c.identity() && !c.computed()) {
                if (list.size() > 1) {
                    list.add(Token.symbol(","));
                }
                list.add(new Token(Token.Kind.QUOTED, "[" + c.name() + "]", c.name()));
            }
        }
        list.add(Token.symbol(")"));
        return list;
    }

    /** MERGE: identity check of the INSERT column list; drops "BY TARGET". */
    TableName adjustMerge(List<Token> t, int at) throws SqlServerError {
        int i = at + 1;
        if (i < t.size() && t.get(i).is("INTO")) {
            i++;
        }
        TableName name = TableName.read(t, i, new int[1]);
        Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
        boolean identityInsertOn = isOn(name);
        for (int k = 0; k + 1 < t.size(); k++) {
            if (t.get(k).is("BY") && t.get(k + 1).is("TARGET")) {
                t.subList(k, k + 2).clear();
            }
            if (meta != null && t.get(k).is("INSERT") && t.get(k + 1).isSymbol("(")) {
                int close = Rewriter.matchParen(t, k + 1);
                checkIdentityColumns(meta, t.subList(k + 2, close), identityInsertOn);
            }
        }
        return name;
    }

    private static void checkIdentityColumns(Catalog.TableMeta meta, List<Token> columns, boolean identityInsertOn)
            throws SqlServerError {
        if (identityInsertOn) {
            return;
        }
        for (Token c : columns) {
            if (c.isIdentifier()) {
                Catalog.ColumnMeta col = meta.column(c.name());
                if (col != null && col.identity()) {
                    throw new SqlServerError(
                            544,
                            1,
                            16,
                            "Cannot insert explicit value for identity column in table '" + meta.name()
                                    + "' when IDENTITY_INSERT is set to OFF.");
                }
            }
        }
    }

    /** A statement wrote to target: with IDENTITY_INSERT ON, its identity restarts now or when the transaction ends. */
    void written(TableName target, boolean inTransaction) {
        if (target != null && isOn(target)) {
            pendingRestart.add(target);
            if (!inTransaction) {
                restartPending();
            }
        }
    }

    /** Moves each pending table's identity past its largest value (best effort). */
    void restartPending() {
        if (pendingRestart.isEmpty()) {
            return;
        }
        for (TableName name : new ArrayList<>(pendingRestart)) {
            Catalog.TableMeta meta = catalog.table(name.schema(), name.name());
            if (meta == null) {
                continue;
            }
            for (Catalog.ColumnMeta c : meta.columns()) {
                if (c.identity()) {
                    restart(name, c.name());
                }
            }
        }
        pendingRestart.clear();
    }

    private void restart(TableName table, String column) {
        try (Statement st = jdbc.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(" + Rewriter.quote(column) + ") FROM " + table.sql())) {
            if (rs.next() && rs.getObject(1) != null) {
                long next = rs.getLong(1) + 1;
                st.execute("ALTER TABLE " + table.sql() + " ALTER COLUMN " + Rewriter.quote(column) + " RESTART WITH "
                        + next);
            }
        } catch (SQLException ignored) {
            // best effort
        }
    }
}
