package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatorBatchAndTransactionTest extends EmulatorTestSupport {
    String table;
    MSSQLConnection conn;

    @BeforeEach
    void setUp() throws Exception {
        table = unique("batch");
        sql("CREATE TABLE [dbo].[" + table + "] ([id] INT NOT NULL PRIMARY KEY, [name] NVARCHAR(50) NULL)");
        conn = connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        await(conn.close());
        dropQuietly(table);
    }

    @Test
    void executeBatchOfThousandTuplesInsertsEveryRow() throws Exception {
        List<Tuple> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(Tuple.of(i, "name-" + i));
        }
        await(conn.preparedQuery("INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (@p1, @p2)")
                .executeBatch(batch));
        assertEquals(1000, count(table));
        Row r = sql(conn, "SELECT [name] FROM [dbo].[" + table + "] WHERE [id] = 999")
                .iterator()
                .next();
        assertEquals("name-999", r.getString(0));
    }

    @Test
    void executeBatchReportsAFailedTupleButTheOthersStillRun() throws Exception {
        List<Tuple> batch = List.of(
                Tuple.of(1, "a"), Tuple.of(2, "b"), Tuple.of(1, "duplicate"), Tuple.of(3, "c"), Tuple.of(4, "d"));
        MSSQLException e =
                failure(conn.preparedQuery("INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (@p1, @p2)")
                        .executeBatch(batch));
        assertEquals(2627, e.number());
        assertEquals(4, count(table));
    }

    @Test
    void multiStatementBatchGivesOneResultPerStatement() throws Exception {
        RowSet<Row> rs = sql(
                conn,
                "INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (1, N'a'), (2, N'b');\n"
                        + "UPDATE [dbo].[" + table + "] SET [name] = N'z' WHERE [id] = 2\n"
                        + "SELECT [id], [name] FROM [dbo].[" + table + "] ORDER BY [id]");
        assertEquals(2, rs.rowCount());
        RowSet<Row> second = rs.next();
        assertEquals(1, second.rowCount());
        RowSet<Row> third = second.next();
        assertEquals(2, third.size());
        assertNull(third.next());
    }

    @Test
    void committedTransactionIsVisibleToOthers() throws Exception {
        Transaction tx = await(conn.begin());
        prepared(conn, "INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (@p1, @p2)", Tuple.of(1, "in tx"));
        await(tx.commit());
        assertEquals(1, count(table));
    }

    @Test
    void rolledBackTransactionLeavesNothing() throws Exception {
        Transaction tx = await(conn.begin());
        prepared(conn, "INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (@p1, @p2)", Tuple.of(1, "in tx"));
        prepared(conn, "INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (@p1, @p2)", Tuple.of(2, "in tx"));
        await(tx.rollback());
        assertEquals(0, count(table));
    }

    @Test
    void plainTextTransactionsAndAFailedStatementKeepTheTransactionOpen() throws Exception {
        sql(conn, "BEGIN TRANSACTION");
        sql(conn, "INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (1, N'a')");
        assertEquals(
                2627,
                failure(conn.query("INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (1, N'dup')")
                                .execute())
                        .number());
        assertEquals(1, sql(conn, "SELECT @@TRANCOUNT AS n").iterator().next().getInteger(0));
        sql(conn, "INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (2, N'b')");
        sql(conn, "COMMIT TRANSACTION");
        assertEquals(2, count(table));
        assertEquals(3903, failure(conn.query("ROLLBACK").execute()).number());
    }

    @Test
    void uncommittedRowsAreInvisibleToOtherConnectionsUntilCommit() throws Exception {
        sql(conn, "BEGIN TRANSACTION; INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (1, N'a')");
        MSSQLConnection other = connect();
        try {
            assertEquals(
                    0,
                    sql(other, "SELECT COUNT(*) FROM [dbo].[" + table + "] WITH (READPAST)")
                            .iterator()
                            .next()
                            .getInteger(0));
        } finally {
            await(other.close());
        }
        sql(conn, "COMMIT");
        assertEquals(1, count(table));
    }

    @Test
    void preparedStatementIsReusedWithItsHandle() throws Exception {
        for (int i = 0; i < 5; i++) {
            RowSet<Row> rs = prepared(
                    conn, "INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (@p1, @p2)", Tuple.of(i, "n" + i));
            assertEquals(1, rs.rowCount());
        }
        RowSet<Row> rs = prepared(
                conn,
                "SELECT [name] FROM [dbo].[" + table + "] WHERE [id] = @p1 OR [id] = @p1 + 1 ORDER BY [id]",
                Tuple.of(3));
        assertEquals(2, rs.size());
        assertNotNull(rs.iterator().next().getString(0));
    }
}
