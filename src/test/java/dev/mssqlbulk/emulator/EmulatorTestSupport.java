package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import dev.mssqlbulk.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mssqlclient.MSSQLConnectOptions;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Shared helpers of the emulator tests: one Vert.x instance for the JVM (closed at exit, so clients of failed connects
 * can still be finalized quietly), blocking awaits, unique names, and mssql-jdbc connections and bulk copies made the
 * way the service's bulk-copy writer makes them.
 */
abstract class EmulatorTestSupport {
    static final Vertx vertx = Vertx.vertx();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "emulator-tests-vertx-close"));
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    static MSSQLConnection connect() throws Exception {
        return connect(TestServer.connectOptions());
    }

    static MSSQLConnection connect(MSSQLConnectOptions options) throws Exception {
        return await(MSSQLConnection.connect(vertx, options));
    }

    static String jdbcUrl(String extra) {
        return TestServer.jdbcUrl(extra);
    }

    static Connection jdbc() throws SQLException {
        return TestServer.jdbc("");
    }

    static Connection jdbc(String extra) throws SQLException {
        return TestServer.jdbc(extra);
    }

    /** The options the service's writer sets: CHECK_CONSTRAINTS, FIRE_TRIGGERS, KEEP_NULLS, no table lock, one batch. */
    static SQLServerBulkCopyOptions serviceOptions() throws SQLException {
        SQLServerBulkCopyOptions o = new SQLServerBulkCopyOptions();
        o.setCheckConstraints(true);
        o.setFireTriggers(true);
        o.setKeepNulls(true);
        o.setTableLock(false);
        o.setUseInternalTransaction(false);
        o.setBatchSize(0);
        o.setBulkCopyTimeout(600);
        return o;
    }

    /** Bulk-copies rows into [dbo].[table], source column i + 1 to destination column destColumns[i]. */
    static void bulkCopy(
            Connection c, String table, JdbcBulkRows rows, SQLServerBulkCopyOptions options, String... destColumns)
            throws SQLException {
        SQLServerBulkCopy copy = new SQLServerBulkCopy(c);
        copy.setBulkCopyOptions(options);
        copy.setDestinationTableName("[dbo].[" + table + "]");
        for (int i = 0; i < destColumns.length; i++) {
            copy.addColumnMapping(i + 1, destColumns[i]);
        }
        copy.writeToServer(rows);
    }

    static void bulkCopy(Connection c, String table, JdbcBulkRows rows, String... destColumns) throws SQLException {
        bulkCopy(c, table, rows, serviceOptions(), destColumns);
    }

    static String unique(String prefix) {
        return prefix + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    }

    static RowSet<Row> sql(String sql) throws Exception {
        MSSQLConnection c = connect();
        try {
            return await(c.query(sql).execute());
        } finally {
            await(c.close());
        }
    }

    static RowSet<Row> sql(MSSQLConnection c, String sql) throws Exception {
        return await(c.query(sql).execute());
    }

    static RowSet<Row> prepared(MSSQLConnection c, String sql, Tuple params) throws Exception {
        return await(c.preparedQuery(sql).execute(params));
    }

    /** Runs the future and returns the MSSQLException it fails with. */
    static MSSQLException failure(Future<?> future) {
        try {
            await(future);
        } catch (Exception e) {
            assertInstanceOf(MSSQLException.class, e, "expected an MSSQLException but got " + e);
            return (MSSQLException) e;
        }
        return fail("expected a failure");
    }

    static long count(String table) throws Exception {
        return sql("SELECT COUNT(*) AS n FROM " + table).iterator().next().getLong(0);
    }

    static void dropQuietly(String table) {
        try {
            sql("IF OBJECT_ID(N'" + table + "', N'U') IS NOT NULL DROP TABLE " + table);
        } catch (Exception ignored) {
            // best effort
        }
    }
}
