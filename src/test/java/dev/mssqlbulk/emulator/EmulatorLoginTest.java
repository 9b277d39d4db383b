package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.mssqlclient.MSSQLConnectOptions;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.mssqlclient.MSSQLPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmulatorLoginTest extends EmulatorTestSupport {

    @Test
    void loginWithGoodCredentialsReportsServerAndDatabase() throws Exception {
        MSSQLConnectOptions o = TestServer.connectOptions();
        MSSQLConnection c = connect(o);
        try {
            Row row =
                    sql(c, "SELECT @@VERSION AS v, DB_NAME() AS db").iterator().next();
            assertTrue(row.getString("v").startsWith("Microsoft SQL Server"), row.getString("v"));
            assertEquals(o.getDatabase(), row.getString("db"));
        } finally {
            await(c.close());
        }
    }

    @Test
    void loginWithWrongPasswordFailsWith18456() {
        MSSQLConnectOptions o = TestServer.connectOptions().setPassword("wrong-password");
        MSSQLException e = failure(MSSQLConnection.connect(vertx, o));
        assertEquals(18456, e.number());
        assertEquals(14, e.severity());
        assertEquals("Login failed for user '" + o.getUser() + "'.", e.errorMessage());
    }

    @Test
    void loginWithUnknownUserFailsWith18456() {
        MSSQLConnectOptions o = TestServer.connectOptions().setUser("nobody_" + System.nanoTime());
        assertEquals(18456, failure(MSSQLConnection.connect(vertx, o)).number());
    }

    @Test
    void poolOfConnectionsRunsPreparedQueries() throws Exception {
        Pool pool = MSSQLPool.pool(vertx, TestServer.connectOptions(), new PoolOptions().setMaxSize(4));
        try {
            List<Future<RowSet<Row>>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(pool.preparedQuery("SELECT @p1 * 2 AS twice").execute(Tuple.of(i)));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(
                        i * 2L, ((Number) await(all.get(i)).iterator().next().getValue("twice")).longValue());
            }
        } finally {
            await(pool.close());
        }
    }

    @Test
    void loginWithoutDatabaseUsesTheDefaultDatabase() throws Exception {
        MSSQLConnectOptions o = TestServer.connectOptions().setDatabase("");
        MSSQLConnection c = connect(o);
        try {
            assertTrue(!sql(c, "SELECT DB_NAME() AS db")
                    .iterator()
                    .next()
                    .getString("db")
                    .isEmpty());
        } finally {
            await(c.close());
        }
    }
}
