package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import dev.mssqlbulk.emulator.sql.ServerQuirks;
import dev.mssqlbulk.testing.TestServer;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's {@link ServerQuirks}: each one, switched on, makes the server answer as Babelfish did where it
 * matters to a bulk loader; switched off (the default), the same requests get SQL Server's answer.
 */
class EmulatorQuirksTest extends EmulatorTestSupport {
    MssqlEmulator emulator;
    String table;

    @BeforeEach
    void setUp() throws Exception {
        emulator = TestServer.emulator().orElse(null);
        Assumptions.assumeTrue(emulator != null, "quirks are the emulator's");
        table = unique("quirks");
        sql("CREATE TABLE [dbo].[" + table + "] ([id] INT NOT NULL PRIMARY KEY, [name] NVARCHAR(20) NULL)");
    }

    @AfterEach
    void tearDown() {
        if (emulator != null) {
            emulator.quirks().reset();
            emulator.faults().reset();
            dropQuietly(table);
        }
    }

    static JdbcBulkRows ids(int... ids) {
        JdbcBulkRows rows = new JdbcBulkRows().column("id", Types.INTEGER, 10, 0);
        for (int id : ids) {
            rows.row(id);
        }
        return rows;
    }

    /** With metadata cached, a batch's first command is INSERT BULK, as in the service's writer. */
    static Connection cachingJdbc() throws SQLException {
        return jdbc(";cacheBulkCopyMetadata=true");
    }

    @Test
    void byDefaultABulkLoadOpensTheImplicitTransactionAndRollsBackWithIt() throws Exception {
        try (Connection c = cachingJdbc()) {
            c.setAutoCommit(false);
            bulkCopy(c, table, ids(1), "id");
            c.commit();
            bulkCopy(c, table, ids(2), "id"); // metadata cached: INSERT BULK comes first
            c.rollback();
        }
        assertEquals(1, count(table));
    }

    @Test
    void bulkLoadOpensNoTransactionCommitsTheRowsOnTheirOwn() throws Exception {
        emulator.quirks().bulkLoadOpensNoTransaction(true);
        try (Connection c = cachingJdbc()) {
            c.setAutoCommit(false);
            bulkCopy(c, table, ids(1), "id");
            c.commit();
            bulkCopy(c, table, ids(2), "id");
            assertEquals(2, count(table), "visible to another session before any COMMIT");
            c.rollback();
        }
        assertEquals(2, count(table), "the rollback did not undo them");
    }

    @Test
    void bulkLoadOpensNoTransactionStillLoadsInsideAnOpenTransaction() throws Exception {
        emulator.quirks().bulkLoadOpensNoTransaction(true);
        try (Connection c = cachingJdbc()) {
            c.setAutoCommit(false);
            bulkCopy(c, table, ids(1), "id");
            c.commit();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO [dbo].[" + table + "] ([id]) VALUES (?)")) {
                ps.setInt(1, 2);
                ps.executeUpdate(); // opens the implicit transaction
            }
            bulkCopy(c, table, ids(3), "id");
            c.rollback();
        }
        assertEquals(1, count(table));
        try (Connection c = jdbc();
                Statement st = c.createStatement()) {
            st.execute("BEGIN TRANSACTION");
            bulkCopy(c, table, ids(4), "id");
            st.execute("ROLLBACK TRANSACTION");
        }
        assertEquals(1, count(table));
    }

    @Test
    void aFailedBulkLoadPoisonsTheConnectionForTheNextOne() throws Exception {
        emulator.quirks().poisonAfterFailedBulkLoad(true);
        sql("INSERT INTO [dbo].[" + table + "] ([id]) VALUES (1)");
        Connection c = cachingJdbc();
        try {
            SQLServerException duplicate =
                    assertThrows(SQLServerException.class, () -> bulkCopy(c, table, ids(1), "id"));
            assertEquals(2627, duplicate.getErrorCode());
            SQLServerException poisoned =
                    assertThrows(SQLServerException.class, () -> bulkCopy(c, table, ids(2, 3), "id"));
            assertEquals(ServerQuirks.UNKNOWN_ERROR, poisoned.getErrorCode());
            assertEquals(ServerQuirks.POISONED_BULK_LOAD_MESSAGE, poisoned.getMessage());
            assertThrows(
                    SQLException.class,
                    () -> c.createStatement().executeQuery("SELECT 1").next(),
                    "the server closed it");
        } finally {
            c.close();
        }
        assertEquals(1, count(table));
        try (Connection fresh = cachingJdbc()) {
            bulkCopy(fresh, table, ids(2, 3), "id");
        }
        assertEquals(3, count(table));
    }

    @Test
    void withoutThePoisonTheNextBulkLoadOnTheConnectionWorks() throws Exception {
        sql("INSERT INTO [dbo].[" + table + "] ([id]) VALUES (1)");
        try (Connection c = cachingJdbc()) {
            assertThrows(SQLServerException.class, () -> bulkCopy(c, table, ids(1), "id"));
            bulkCopy(c, table, ids(2, 3), "id");
        }
        assertEquals(3, count(table));
    }

    @Test
    void reportUnknownNumbersRenumbersEveryErrorAndKeepsItsText() throws Exception {
        emulator.quirks().reportUnknownNumbers(true);
        MSSQLConnection c = connect();
        try {
            String insert = "INSERT INTO [dbo].[" + table + "] ([id]) VALUES (@p1)";
            prepared(c, insert, Tuple.of(1));
            MSSQLException duplicate = failure(c.preparedQuery(insert).execute(Tuple.of(1)));
            assertEquals(ServerQuirks.UNKNOWN_ERROR, duplicate.number());
            assertEquals(16, duplicate.severity());
            assertTrue(duplicate.getMessage().contains("Violation of PRIMARY KEY"), duplicate.getMessage());
            MSSQLException missing =
                    failure(c.query("SELECT * FROM [dbo].[no_such_table_here]").execute());
            assertEquals(ServerQuirks.UNKNOWN_ERROR, missing.number());
        } finally {
            await(c.close());
        }
        try (Connection j = jdbc();
                Statement st = j.createStatement()) {
            SQLException conversion = assertThrows(
                    SQLException.class,
                    () -> st.executeUpdate("INSERT INTO [dbo].[" + table + "] ([id]) VALUES ('x')"));
            assertEquals(ServerQuirks.UNKNOWN_ERROR, conversion.getErrorCode());
        }
    }

    @Test
    void reportUnknownNumbersForChosenNumbersLeavesTheOthers() throws Exception {
        emulator.quirks().reportUnknownNumbers(Set.of(245));
        MSSQLConnection c = connect();
        try {
            String insert = "INSERT INTO [dbo].[" + table + "] ([id]) VALUES (@p1)";
            prepared(c, insert, Tuple.of(1));
            assertEquals(
                    2627, failure(c.preparedQuery(insert).execute(Tuple.of(1))).number());
            assertEquals(
                    ServerQuirks.UNKNOWN_ERROR,
                    failure(c.query("INSERT INTO [dbo].[" + table + "] ([id]) VALUES ('x')")
                                    .execute())
                            .number());
        } finally {
            await(c.close());
        }
    }

    @Test
    void refuseMergeFailsEveryMergeAndNothingElse() throws Exception {
        String merge = "MERGE INTO [dbo].[" + table + "] AS t USING (SELECT 1 AS [id]) AS s ON t.[id] = s.[id]"
                + " WHEN NOT MATCHED THEN INSERT ([id]) VALUES (s.[id]);";
        emulator.quirks().refuseMerge(true);
        MSSQLConnection c = connect();
        try {
            MSSQLException refused = failure(c.query(merge).execute());
            assertEquals(ServerQuirks.UNKNOWN_ERROR, refused.number());
            assertTrue(refused.getMessage().contains("'MERGE' is not currently supported"), refused.getMessage());
            assertEquals(0, count(table));
            sql(c, "INSERT INTO [dbo].[" + table + "] ([id]) VALUES (2)");
            emulator.quirks().refuseMerge(false);
            sql(c, merge);
        } finally {
            await(c.close());
        }
        assertEquals(2, count(table));
    }

    @Test
    void versionAndServerPropertiesSaySqlServerByDefaultAndBabelfishWhenAsked() throws Exception {
        String query = "SELECT @@VERSION AS v, CAST(SERVERPROPERTY('EngineEdition') AS INT) AS edition,"
                + " SERVERPROPERTY('EngineEdition') AS edition_text, CAST(SERVERPROPERTY('babelfish') AS INT) AS babelfish";
        Row sqlServer = sql(query).iterator().next();
        assertTrue(sqlServer.getString("v").startsWith("Microsoft SQL Server 2022"), sqlServer.getString("v"));
        assertEquals(3, sqlServer.getInteger("edition"));
        assertEquals("3", sqlServer.getValue("edition_text").toString());
        assertNull(sqlServer.getValue("babelfish"));
        emulator.quirks().babelfish(true);
        Row babelfish = sql(query).iterator().next();
        assertTrue(babelfish.getString("v").startsWith("Babelfish for Aurora PostgreSQL"), babelfish.getString("v"));
        assertEquals(3, babelfish.getInteger("edition"));
        assertEquals(1, babelfish.getInteger("babelfish"));
        try (Connection c = jdbc();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@VERSION, CAST(SERVERPROPERTY('babelfish') AS INT)")) {
            rs.next();
            assertTrue(rs.getString(1).contains("Compatibility 4.2.0"), rs.getString(1));
            assertEquals(1, rs.getInt(2));
        }
    }

    @Test
    void babelfishBulkLoadCorruptsGuidsCharsAndDefaultsThatStatementsWriteCorrectly() throws Exception {
        String typed = unique("quirks_typed");
        sql("CREATE TABLE [dbo].[" + typed
                + "] ([id] INT NOT NULL PRIMARY KEY, [g] UNIQUEIDENTIFIER NULL, [c] CHAR(5) NULL,"
                + " [n] NCHAR(4) NULL, [note] NVARCHAR(10) NULL DEFAULT 'default')");
        String strict = unique("quirks_strict");
        sql("CREATE TABLE [dbo].[" + strict
                + "] ([id] INT NOT NULL PRIMARY KEY, [status] NVARCHAR(10) NOT NULL DEFAULT 'new')");
        UUID guid = UUID.fromString("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        try {
            emulator.quirks().babelfish(true);
            try (Connection c = cachingJdbc()) {
                JdbcBulkRows rows = new JdbcBulkRows()
                        .column("id", Types.INTEGER, 10, 0)
                        .column("g", Types.CHAR, 36, 0)
                        .column("c", Types.CHAR, 5, 0)
                        .column("n", Types.NCHAR, 4, 0)
                        .row(1, guid.toString(), "ab", "äö");
                bulkCopy(c, typed, rows, "id", "g", "c", "n");
                SQLServerException notNull =
                        assertThrows(SQLServerException.class, () -> bulkCopy(c, strict, ids(1), "id"));
                assertEquals(515, notNull.getErrorCode());
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO [dbo].[" + typed + "] ([id], [g], [c], [n]) VALUES (?, ?, ?, ?)")) {
                    ps.setInt(1, 2);
                    ps.setString(2, guid.toString());
                    ps.setString(3, "ab");
                    ps.setString(4, "äö");
                    ps.executeUpdate();
                }
            }
            Row bulk = sql("SELECT [g], [c], [n], [note] FROM [dbo].[" + typed + "] WHERE [id] = 1")
                    .iterator()
                    .next();
            assertNotEquals(guid, bulk.getUUID("g"));
            assertNotEquals("ab   ", bulk.getString("c"));
            assertEquals("ab", bulk.getString("c").replace("\0", ""));
            assertNotEquals("äö  ", bulk.getString("n"));
            assertNull(bulk.getString("note"));
            Row statement = sql("SELECT [g], [c], [n], [note] FROM [dbo].[" + typed + "] WHERE [id] = 2")
                    .iterator()
                    .next();
            assertEquals(guid, statement.getUUID("g"));
            assertEquals("ab   ", statement.getString("c"));
            assertEquals("äö  ", statement.getString("n"));
            assertEquals("default", statement.getString("note"));
            emulator.quirks().babelfish(false);
            try (Connection c = cachingJdbc()) {
                bulkCopy(c, strict, ids(1), "id");
            }
            assertEquals(
                    "new",
                    sql("SELECT [status] FROM [dbo].[" + strict + "]")
                            .iterator()
                            .next()
                            .getString("status"));
        } finally {
            dropQuietly(typed);
            dropQuietly(strict);
        }
    }
}
