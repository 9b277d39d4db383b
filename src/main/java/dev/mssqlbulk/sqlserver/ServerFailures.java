package dev.mssqlbulk.sqlserver;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.vertx.core.VertxException;
import io.vertx.mssqlclient.MSSQLException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * What a failure from either driver (the reactive client's {@code MSSQLException}, mssql-jdbc's
 * {@code SQLServerException} and its own SQLSTATE errors) means for a job, its error number and its one-line message.
 * The meaning of each server error number is in {@link ServerErrors}.
 */
public final class ServerFailures {

    private ServerFailures() {}

    public static FailureKind classify(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MSSQLException sql) {
            return classify(sql.number(), sql.severity());
        }
        if (cause instanceof SQLServerException sql && sql.getSQLServerError() != null) {
            return classify(
                    sql.getSQLServerError().getErrorNumber(),
                    sql.getSQLServerError().getErrorSeverity());
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
            if (state.startsWith("08")
                    || state.startsWith("HYT")
                    || state.equals("HY008")
                    || cause instanceof java.sql.SQLTimeoutException
                    || cause instanceof java.sql.SQLTransientException
                    || cause instanceof IOException) {
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
                        || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
