package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.sqlserver.SqlNames;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The text of the statements that write rows: insert, update and delete by key, and upsert without MERGE. */
public final class SqlServerDialect {

    private SqlServerDialect() {}

    /** The parameter {@code @pN}; a NULL is typed when it is bound, see {@link TypedNulls}. */
    private static String parameter(int n) {
        return "@p" + n;
    }

    public static String insert(Table table, List<Column> columns) {
        String names = columns.stream().map(c -> SqlNames.quote(c.name())).collect(Collectors.joining(", "));
        String params = IntStream.range(0, columns.size())
                .mapToObj(i -> parameter(i + 1))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table.quotedName() + " (" + names + ") VALUES (" + params + ")";
    }

    /** {@code UPDATE [t] SET [a] = @p1, [b] = @p2 WHERE [k] = @p3}: set values first, then the key. */
    static String update(WritePlan plan) {
        List<Column> values = plan.columnsAt(plan.valueIndexes());
        StringBuilder sql =
                new StringBuilder("UPDATE ").append(plan.table().quotedName()).append(" SET ");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append(SqlNames.quote(values.get(i).name()))
                    .append(" = ")
                    .append(parameter(i + 1));
        }
        return sql.append(where(plan.keys(), values.size())).toString();
    }

    /** {@code DELETE FROM [t] WHERE [k] = @p1}. */
    static String delete(WritePlan plan) {
        return "DELETE FROM " + plan.table().quotedName() + where(plan.keys(), 0);
    }

    private static String where(List<Column> keys, int parametersBefore) {
        StringBuilder where = new StringBuilder(" WHERE ");
        for (int i = 0; i < keys.size(); i++) {
            where.append(i == 0 ? "" : " AND ")
                    .append(SqlNames.quote(keys.get(i).name()))
                    .append(" = ")
                    .append(parameter(parametersBefore + i + 1));
        }
        return where.toString();
    }

    /**
     * Upsert of one row whose values are {@code @p1, @p2, ...} in upload column order: UPDATE the row with its key
     * and, when none matched, INSERT it (identity columns left to the server). No MERGE: Babelfish does not run it,
     * and on SQL Server it has a long record of concurrency bugs. UPDLOCK with SERIALIZABLE holds a key-range lock
     * from the UPDATE until the batch commits, so a concurrent writer cannot insert the same key in between. When
     * every column is a key there is nothing to update: the row is inserted unless it exists.
     */
    static String upsert(WritePlan plan) {
        List<Column> columns = plan.mapping().columns();
        String table = plan.table().quotedName();
        StringBuilder where = new StringBuilder();
        for (Column key : plan.keys()) {
            where.append(where.length() == 0 ? " WHERE " : " AND ")
                    .append(SqlNames.quote(key.name()))
                    .append(" = ")
                    .append(parameter(columns.indexOf(key) + 1));
        }
        List<Column> updated = plan.columnsAt(plan.valueIndexes()).stream()
                .filter(c -> !c.identity())
                .toList();
        List<Column> inserted = plan.columnsAt(plan.insertIndexes());
        String insert = "INSERT INTO " + table + " ("
                + inserted.stream().map(c -> SqlNames.quote(c.name())).collect(Collectors.joining(", ")) + ") VALUES ("
                + inserted.stream().map(c -> parameter(columns.indexOf(c) + 1)).collect(Collectors.joining(", ")) + ")";
        if (updated.isEmpty()) {
            return "IF NOT EXISTS (SELECT 1 FROM " + table + " WITH (UPDLOCK, SERIALIZABLE)" + where + ") " + insert;
        }
        String set = updated.stream()
                .map(c -> SqlNames.quote(c.name()) + " = " + parameter(columns.indexOf(c) + 1))
                .collect(Collectors.joining(", "));
        return "UPDATE " + table + " WITH (UPDLOCK, SERIALIZABLE) SET " + set + where + "; IF @@ROWCOUNT = 0 " + insert;
    }
}
