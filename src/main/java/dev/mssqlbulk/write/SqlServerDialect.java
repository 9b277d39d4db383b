package dev.mssqlbulk.write;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.SqlNames;
import dev.mssqlbulk.catalog.Table;
import io.vertx.core.VertxException;
import io.vertx.mssqlclient.MSSQLException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** SQL Server specifics in one place: statement text and what an error number means for a job. */
public final class SqlServerDialect {

    /** What a failure means for the rows that caused it. */
    public enum FailureKind {
        /** The data of some row was refused: split the batch to find it. */
        ROW,
        /** The server or the network hiccupped: retry the same work after a pause. */
        TRANSIENT,
        /** The job cannot go on (table dropped, permissions, syntax): end it with the reason. */
        FATAL,
        /**
         * A server error whose number is not in {@link ServerErrors}: maybe a row's, maybe the statement's. A row is
         * blamed for it only when it fails alone again and the statement is seen to work for other rows.
         */
        UNKNOWN
    }

    private SqlServerDialect() {
    }

    /** The parameter {@code @pN}; a NULL is typed when it is bound, see {@link TypedNulls}. */
    private static String parameter(int n) {
        return "@p" + n;
    }

    public static String insert(Table table, List<Column> columns) {
        String names = columns.stream().map(c -> SqlNames.quote(c.name())).collect(Collectors.joining(", "));
        String params = IntStream.range(0, columns.size()).mapToObj(i -> parameter(i + 1))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table.quotedName() + " (" + names + ") VALUES (" + params + ")";
    }

    /** {@code UPDATE [t] SET [a] = @p1, [b] = @p2 WHERE [k] = @p3}: set values first, then the key. */
    static String update(WritePlan plan) {
        List<Column> values = plan.columnsAt(plan.valueIndexes());
        StringBuilder sql = new StringBuilder("UPDATE ").append(plan.table().quotedName()).append(" SET ");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(SqlNames.quote(values.get(i).name())).append(" = ")
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
            where.append(i == 0 ? "" : " AND ").append(SqlNames.quote(keys.get(i).name()))
                    .append(" = ").append(parameter(parametersBefore + i + 1));
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
            where.append(where.length() == 0 ? " WHERE " : " AND ").append(SqlNames.quote(key.name())).append(" = ")
                    .append(parameter(columns.indexOf(key) + 1));
        }
        List<Column> updated = plan.columnsAt(plan.valueIndexes()).stream().filter(c -> !c.identity()).toList();
        List<Column> inserted = plan.columnsAt(plan.insertIndexes());
        String insert = "INSERT INTO " + table + " ("
                + inserted.stream().map(c -> SqlNames.quote(c.name())).collect(Collectors.joining(", ")) + ") VALUES ("
                + inserted.stream().map(c -> parameter(columns.indexOf(c) + 1)).collect(Collectors.joining(", ")) + ")";
        if (updated.isEmpty()) {
            return "IF NOT EXISTS (SELECT 1 FROM " + table + " WITH (UPDLOCK, SERIALIZABLE)" + where + ") " + insert;
        }
        String set = updated.stream().map(c -> SqlNames.quote(c.name()) + " = " + parameter(columns.indexOf(c) + 1))
                .collect(Collectors.joining(", "));
        return "UPDATE " + table + " WITH (UPDLOCK, SERIALIZABLE) SET " + set + where + "; IF @@ROWCOUNT = 0 " + insert;
    }

    public static FailureKind classify(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MSSQLException sql) {
            return classify(sql.number(), sql.severity());
        }
        if (cause instanceof SQLServerException sql && sql.getSQLServerError() != null) {
            return classify(sql.getSQLServerError().getErrorNumber(), sql.getSQLServerError().getErrorSeverity());
        }
        if (cause instanceof SQLException sql) {
            return classifyDriverError(sql);
        }
        if (cause instanceof IOException || cause instanceof TimeoutException || cause instanceof VertxException) {
            return FailureKind.TRANSIENT;
        }
        String name = cause.getClass().getName();
        if (name.contains("ClosedConnection") || name.contains("Timeout") || name.startsWith("io.netty")) {
            return FailureKind.TRANSIENT;
        }
        return FailureKind.FATAL;
    }

    private static FailureKind classify(int number, int severity) {
        return ServerErrors.classify(number, severity);
    }

    /**
     * An error mssql-jdbc raised itself, by SQLSTATE class: 08 (connection lost or refused) and timeouts (HYT00,
     * and HY008, which is how the driver reports a bulk copy or query that ran out of time) are transient, 22 and
     * 23 (a value it could not encode) are the row's; anything else is the statement's.
     */
    private static FailureKind classifyDriverError(SQLException error) {
        // the driver wraps a lost connection in errors of its own ("Unable to retrieve column metadata.")
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String state = cause instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
            if (state.startsWith("08") || state.startsWith("HYT") || state.equals("HY008")
                    || cause instanceof java.sql.SQLTimeoutException
                    || cause instanceof java.sql.SQLTransientException || cause instanceof IOException) {
                return FailureKind.TRANSIENT;
            }
        }
        String state = error.getSQLState() == null ? "" : error.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
            return FailureKind.ROW;
        }
        return FailureKind.FATAL;
    }

    /** The SQL Server error number of a failure, 0 when it did not come from the server. */
    public static int errorNumber(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MSSQLException sql) {
            return sql.number();
        }
        if (cause instanceof SQLServerException sql && sql.getSQLServerError() != null) {
            return sql.getSQLServerError().getErrorNumber();
        }
        return 0;
    }

    /** A one-line message: {@code 2627: Violation of PRIMARY KEY constraint ...}. */
    public static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MSSQLException sql) {
            return sql.errorMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
