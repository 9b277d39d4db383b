package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatorSqlTranslationTest extends EmulatorTestSupport {
    String table;
    MSSQLConnection conn;

    @BeforeEach
    void setUp() throws Exception {
        table = unique("tsql");
        conn = connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        await(conn.close());
        dropQuietly(table);
    }

    private void create() throws Exception {
        sql(
                conn,
                "IF OBJECT_ID(N'[dbo].[" + table + "]', N'U') IS NULL\n"
                        + "CREATE TABLE [dbo].[" + table + "] (\n"
                        + "  [id] INT IDENTITY(1,1) NOT NULL CONSTRAINT [PK_" + table + "] PRIMARY KEY,\n"
                        + "  [key] NVARCHAR(20) NOT NULL UNIQUE,\n"
                        + "  [qty] INT NOT NULL DEFAULT (0) CHECK ([qty] >= 0),\n"
                        + "  [price] DECIMAL(10,2) NULL,\n"
                        + "  [created] DATETIME2(7) NOT NULL DEFAULT (SYSUTCDATETIME()),\n"
                        + "  [total] AS ([qty] * [price])\n"
                        + ");");
    }

    @Test
    void ifObjectIdIsNullCreatesOnlyOnce() throws Exception {
        create();
        create();
        assertEquals(0, count(table));
    }

    @Test
    void mergeWithHoldlockUpsertsFromAValuesList() throws Exception {
        create();
        sql(conn, "INSERT INTO [dbo].[" + table + "] ([key], [qty], [price]) VALUES (N'a', 1, 1.50)");
        String merge = "MERGE INTO [dbo].[" + table
                + "] WITH (HOLDLOCK) AS tgt USING (VALUES (@p1, @p2, @p3), (@p4, @p5, @p6))"
                + " AS src ([key], [qty], [price]) ON tgt.[key] = src.[key]"
                + " WHEN MATCHED THEN UPDATE SET [qty] = src.[qty], [price] = src.[price]"
                + " WHEN NOT MATCHED THEN INSERT ([key], [qty], [price]) VALUES (src.[key], src.[qty], src.[price]);";
        RowSet<Row> rs =
                prepared(conn, merge, Tuple.of("a", 5, new BigDecimal("2.25"), "b", 7, new BigDecimal("1.00")));
        assertEquals(2, rs.rowCount());
        RowSet<Row> rows = sql(conn, "SELECT [key], [qty], [price], [total] FROM [dbo].[" + table + "] ORDER BY [key]");
        List<String> seen = new ArrayList<>();
        for (Row r : rows) {
            seen.add(r.getString("key") + "=" + r.getInteger("qty") + "x" + r.getBigDecimal("price") + "="
                    + r.getValue("total"));
        }
        assertEquals(List.of("a=5x2.25=11.25", "b=7x1.00=7.00"), seen);
    }

    @Test
    void topOffsetFetchScopeIdentityAndNoCount() throws Exception {
        create();
        for (int i = 0; i < 5; i++) {
            prepared(conn, "INSERT INTO [dbo].[" + table + "] ([key], [qty]) VALUES (@p1, @p2)", Tuple.of("k" + i, i));
        }
        Row id = sql(conn, "INSERT INTO [dbo].[" + table + "] ([key]) VALUES (N'last'); SELECT SCOPE_IDENTITY() AS id")
                .next()
                .iterator()
                .next();
        assertEquals(new BigDecimal("6"), id.getValue("id"));
        assertEquals(
                2,
                sql(conn, "SELECT TOP (2) [key] FROM [dbo].[" + table + "] ORDER BY [id]")
                        .size());
        RowSet<Row> page = prepared(
                conn,
                "SELECT [key] FROM [dbo].[" + table + "] ORDER BY [id] OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY",
                Tuple.of(1, 2));
        List<String> keys = new ArrayList<>();
        page.forEach(r -> keys.add(r.getString(0)));
        assertEquals(List.of("k1", "k2"), keys);
        RowSet<Row> quiet =
                sql(conn, "SET NOCOUNT ON; UPDATE [dbo].[" + table + "] SET [qty] = [qty] + 1; SET NOCOUNT OFF");
        assertEquals(0, quiet.next().rowCount());
    }

    @Test
    void ifNotExistsGuardsAnInsert() throws Exception {
        create();
        String guarded = "IF NOT EXISTS (SELECT 1 FROM [dbo].[" + table + "] WHERE [key] = @p1)"
                + " INSERT INTO [dbo].[" + table + "] ([key], [qty]) VALUES (@p1, @p2)";
        prepared(conn, guarded, Tuple.of("once", 1));
        prepared(conn, guarded, Tuple.of("once", 2));
        assertEquals(1, count(table));
    }

    @Test
    void commentsStringsAndBracketsDoNotSplitStatements() throws Exception {
        create();
        RowSet<Row> rs = sql(
                conn,
                "/* leading; comment */ INSERT INTO [dbo].[" + table + "] ([key]) VALUES (N'semi;colon''s')"
                        + " -- trailing; comment\n"
                        + "SELECT [key] AS [odd;name] FROM [dbo].[" + table + "] WHERE [key] LIKE N'%;%'");
        assertEquals(1, rs.rowCount());
        Row r = rs.next().iterator().next();
        assertEquals("semi;colon's", r.getString("odd;name"));
    }

    @Test
    void defaultsAndIdentityFillOmittedColumns() throws Exception {
        create();
        sql(conn, "INSERT INTO [dbo].[" + table + "] ([key]) VALUES (N'd')");
        Row r = sql(conn, "SELECT [id], [qty], [created], DB_NAME() AS db, NEWID() AS g FROM [dbo].[" + table + "]")
                .iterator()
                .next();
        assertEquals(1, r.getInteger("id"));
        assertEquals(0, r.getInteger("qty"));
        Row misc = sql(
                        conn,
                        "SELECT LEN(N'abc') AS len, COUNT(*) AS n, CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)) AS v,"
                                + " SCHEMA_NAME() AS s FROM [dbo].[" + table + "]")
                .iterator()
                .next();
        assertEquals(3, misc.getValue("len"));
        assertEquals(1, misc.getValue("n"));
        assertTrue(misc.getString("v").startsWith("1"));
        assertEquals("dbo", misc.getString("s"));
        assertTrue(r.getLocalDateTime("created").getYear() >= 2024);
    }
}
