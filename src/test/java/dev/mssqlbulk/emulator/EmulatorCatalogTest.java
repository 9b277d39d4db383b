package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmulatorCatalogTest extends EmulatorTestSupport {
    static String table;
    static String view;
    static String database;

    @BeforeAll
    static void createObjects() throws Exception {
        table = unique("cat");
        view = table + "_v";
        sql("CREATE TABLE [dbo].[" + table + "] (\n"
                + "  [id] INT IDENTITY(1,1) NOT NULL,\n"
                + "  [code] NVARCHAR(40) NOT NULL,\n"
                + "  [notes] NVARCHAR(MAX) NULL,\n"
                + "  [ascii] VARCHAR(20) NULL,\n"
                + "  [flag] BIT NOT NULL DEFAULT ((0)),\n"
                + "  [small] TINYINT NULL,\n"
                + "  [big] BIGINT NULL,\n"
                + "  [price] DECIMAL(12,3) NULL,\n"
                + "  [ratio] FLOAT NULL,\n"
                + "  [r] REAL NULL,\n"
                + "  [day] DATE NULL,\n"
                + "  [at] DATETIME2(7) NULL,\n"
                + "  [legacy] DATETIME NULL,\n"
                + "  [stamp] DATETIMEOFFSET(3) NULL,\n"
                + "  [uid] UNIQUEIDENTIFIER NULL,\n"
                + "  [blob] VARBINARY(MAX) NULL,\n"
                + "  [total] AS ([price] * 2),\n"
                + "  CONSTRAINT [PK_" + table + "] PRIMARY KEY ([id], [code])\n"
                + ")");
        sql("CREATE VIEW [dbo].[" + view + "] AS SELECT [id], [code] FROM [dbo].[" + table + "]");
        database = sql("SELECT DB_NAME() AS db").iterator().next().getString(0);
    }

    @AfterAll
    static void drop() throws Exception {
        sql("DROP VIEW [dbo].[" + view + "]");
        dropQuietly(table);
    }

    @Test
    void informationSchemaTablesListsTablesAndViews() throws Exception {
        RowSet<Row> rs = sql("SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_NAME IN ('" + table + "', '" + view + "') ORDER BY TABLE_NAME");
        assertEquals(2, rs.size());
        var it = rs.iterator();
        Row t = it.next();
        assertEquals(database, t.getString("TABLE_CATALOG"));
        assertEquals("dbo", t.getString("TABLE_SCHEMA"));
        assertEquals(table, t.getString("TABLE_NAME"));
        assertEquals("BASE TABLE", t.getString("TABLE_TYPE"));
        assertEquals("VIEW", it.next().getString("TABLE_TYPE"));
        assertEquals(
                1,
                sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_NAME = '" + view + "'")
                        .iterator()
                        .next()
                        .getInteger(0));
    }

    @Test
    void informationSchemaColumnsAnswersWithSqlServerValues() throws Exception {
        MSSQLConnection c = connect();
        Map<String, Row> cols = new HashMap<>();
        try {
            for (Row r : prepared(
                    c,
                    "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
                            + " NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION FROM INFORMATION_SCHEMA.COLUMNS"
                            + " WHERE TABLE_SCHEMA = @p1 AND TABLE_NAME = @p2 ORDER BY ORDINAL_POSITION",
                    Tuple.of("dbo", table))) {
                cols.put(r.getString("COLUMN_NAME"), r);
            }
        } finally {
            await(c.close());
        }
        assertEquals(17, cols.size());
        check(cols.get("id"), 1, "NO", "int", null, 10, 0, null);
        check(cols.get("code"), 2, "NO", "nvarchar", 40, null, null, null);
        check(cols.get("notes"), 3, "YES", "nvarchar", -1, null, null, null);
        check(cols.get("ascii"), 4, "YES", "varchar", 20, null, null, null);
        check(cols.get("flag"), 5, "NO", "bit", null, null, null, null);
        check(cols.get("small"), 6, "YES", "tinyint", null, 3, 0, null);
        check(cols.get("big"), 7, "YES", "bigint", null, 19, 0, null);
        check(cols.get("price"), 8, "YES", "decimal", null, 12, 3, null);
        check(cols.get("ratio"), 9, "YES", "float", null, 53, null, null);
        check(cols.get("r"), 10, "YES", "real", null, 24, null, null);
        check(cols.get("day"), 11, "YES", "date", null, null, null, 0);
        check(cols.get("at"), 12, "YES", "datetime2", null, null, null, 7);
        check(cols.get("legacy"), 13, "YES", "datetime", null, null, null, 3);
        check(cols.get("stamp"), 14, "YES", "datetimeoffset", null, null, null, 3);
        check(cols.get("uid"), 15, "YES", "uniqueidentifier", null, null, null, null);
        check(cols.get("blob"), 16, "YES", "varbinary", -1, null, null, null);
        assertNotNull(cols.get("flag").getString("COLUMN_DEFAULT"));
        assertTrue(cols.get("flag").getString("COLUMN_DEFAULT").contains("0"));
        assertNull(cols.get("code").getString("COLUMN_DEFAULT"));
        assertEquals(17, cols.get("total").getInteger("ORDINAL_POSITION"));
    }

    private static void check(
            Row r,
            int ordinal,
            String nullable,
            String type,
            Integer maxLength,
            Integer precision,
            Integer scale,
            Integer datetimePrecision) {
        String name = r.getString("COLUMN_NAME");
        assertEquals(ordinal, r.getInteger("ORDINAL_POSITION"), name);
        assertEquals(nullable, r.getString("IS_NULLABLE"), name);
        assertEquals(type, r.getString("DATA_TYPE"), name);
        assertEquals(maxLength, r.getInteger("CHARACTER_MAXIMUM_LENGTH"), name);
        assertEquals(precision, r.getInteger("NUMERIC_PRECISION"), name);
        assertEquals(scale, r.getInteger("NUMERIC_SCALE"), name);
        assertEquals(datetimePrecision, r.getInteger("DATETIME_PRECISION"), name);
    }

    @Test
    void primaryKeyColumnsComeFromTableConstraintsAndKeyColumnUsage() throws Exception {
        RowSet<Row> rs = sql("SELECT kcu.COLUMN_NAME, kcu.ORDINAL_POSITION, tc.CONSTRAINT_NAME"
                + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE kcu"
                + " ON kcu.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND kcu.TABLE_SCHEMA = tc.TABLE_SCHEMA AND kcu.TABLE_NAME = tc.TABLE_NAME"
                + " WHERE tc.CONSTRAINT_TYPE = 'PRIMARY KEY' AND tc.TABLE_SCHEMA = 'dbo' AND tc.TABLE_NAME = '" + table
                + "'"
                + " ORDER BY kcu.ORDINAL_POSITION");
        assertEquals(2, rs.size());
        var it = rs.iterator();
        Row first = it.next();
        assertEquals("id", first.getString("COLUMN_NAME"));
        assertEquals("PK_" + table, first.getString("CONSTRAINT_NAME"));
        assertEquals("code", it.next().getString("COLUMN_NAME"));
    }

    @Test
    void sysColumnsQueryReportsIdentityAndComputedColumns() throws Exception {
        MSSQLConnection c = connect();
        try {
            RowSet<Row> rs = prepared(
                    c,
                    "SELECT c.name AS column_name, c.is_identity, c.is_computed FROM sys.columns c"
                            + " JOIN sys.tables t ON t.object_id = c.object_id JOIN sys.schemas s ON s.schema_id = t.schema_id"
                            + " WHERE s.name = @p1 AND t.name = @p2",
                    Tuple.of("dbo", table));
            assertEquals(List.of("column_name", "is_identity", "is_computed"), rs.columnsNames());
            Map<String, Row> byName = new HashMap<>();
            for (Row r : rs) {
                byName.put(r.getString("column_name"), r);
            }
            assertEquals(17, byName.size());
            assertEquals(Boolean.TRUE, byName.get("id").getValue("is_identity"));
            assertEquals(Boolean.FALSE, byName.get("id").getValue("is_computed"));
            assertEquals(Boolean.TRUE, byName.get("total").getValue("is_computed"));
            assertEquals(Boolean.FALSE, byName.get("code").getValue("is_identity"));
            assertEquals(Boolean.FALSE, byName.get("code").getValue("is_computed"));
        } finally {
            await(c.close());
        }
    }

    @Test
    void objectIdFindsTablesOnlyWhenTheyExist() throws Exception {
        Row r = sql("SELECT OBJECT_ID(N'[dbo].[" + table + "]', N'U') AS t, OBJECT_ID(N'dbo.no_such_" + table
                        + "', N'U') AS n," + " OBJECT_ID(N'" + view + "') AS v")
                .iterator()
                .next();
        assertNotNull(r.getValue("t"));
        assertNull(r.getValue("n"));
        assertNotNull(r.getValue("v"));
    }
}
