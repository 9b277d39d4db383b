package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SQLServerBulkCopy as the service uses it: mappings, defaults, identity, computed columns, errors, transactions. */
class EmulatorBulkCopyTest extends EmulatorTestSupport {
    String table;
    String job;
    String errors;

    @BeforeEach
    void setUp() throws Exception {
        table = unique("bulk");
        job = unique("bulk_job");
        errors = unique("bulk_job_error");
        sql("CREATE TABLE [dbo].[" + table
                + "] ([id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY, [col_a] NVARCHAR(20) NOT NULL,"
                + " [col_b] INT NULL, [status] NVARCHAR(10) NOT NULL DEFAULT N'new', [created] INT NOT NULL DEFAULT 42,"
                + " [note] NVARCHAR(20) NULL, [total] AS ([col_b] * 2), [code] NVARCHAR(5) NULL,"
                + " CONSTRAINT [CK_" + table + "_b] CHECK ([col_b] IS NULL OR [col_b] >= 0))");
        sql(
                "CREATE TABLE [dbo].[" + job + "] ([id] BIGINT NOT NULL PRIMARY KEY, [owner] NVARCHAR(50) NOT NULL,"
                        + " [checkpoint_row] BIGINT NOT NULL, [heartbeat_at] DATETIME2(7) NULL, [cancel_requested] BIT NOT NULL)");
        sql("INSERT INTO [dbo].[" + job + "] VALUES (1, N'replica-a', 0, NULL, 0)");
        sql("CREATE TABLE [dbo].[" + errors
                + "] ([id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY, [job_id] BIGINT NOT NULL,"
                + " [row_number] BIGINT NOT NULL, [column_name] NVARCHAR(128) NULL, [message] NVARCHAR(MAX) NOT NULL,"
                + " [raw] NVARCHAR(MAX) NULL)");
    }

    @AfterEach
    void tearDown() {
        dropQuietly(table);
        dropQuietly(job);
        dropQuietly(errors);
    }

    static JdbcBulkRows rows(Object[]... values) {
        JdbcBulkRows rows = new JdbcBulkRows().column("b", Types.INTEGER, 10, 0).column("a", Types.NVARCHAR, 20, 0);
        for (Object[] v : values) {
            rows.row(v);
        }
        return rows;
    }

    static Object[] r(Integer b, String a) {
        return new Object[] {b, a};
    }

    List<String> contents() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = jdbc();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT [id], [col_a], [col_b], [status], [created], [note], [total] FROM [dbo].[" + table
                                + "] ORDER BY [id]")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getObject(3) + "|" + rs.getString(4) + "|"
                        + rs.getInt(5) + "|" + rs.getString(6) + "|" + rs.getObject(7));
            }
        }
        return out;
    }

    @Test
    void mappedColumnsInAnotherOrderUnmappedGetDefaultsIdentityIsGeneratedComputedIsComputed() throws Exception {
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            bulkCopy(c, table, rows(r(1, "one"), r(2, "two"), r(null, "three")), "col_b", "col_a");
            c.commit();
        }
        assertEquals(
                List.of("1|one|1|new|42|null|2", "2|two|2|new|42|null|4", "3|three|null|new|42|null|null"), contents());
    }

    @Test
    void withoutKeepNullsANullTakesTheDefaultWithKeepNullsItFailsANotNullColumnWith515() throws Exception {
        JdbcBulkRows rows = new JdbcBulkRows()
                .column("a", Types.NVARCHAR, 20, 0)
                .column("s", Types.NVARCHAR, 10, 0)
                .row("x", null);
        SQLServerBulkCopyOptions noKeepNulls = serviceOptions();
        noKeepNulls.setKeepNulls(false);
        try (Connection c = jdbc()) {
            bulkCopy(c, table, rows, noKeepNulls, "col_a", "status");
            SQLServerException e = assertThrows(
                    SQLServerException.class,
                    () -> bulkCopy(
                            c,
                            table,
                            new JdbcBulkRows()
                                    .column("a", Types.NVARCHAR, 20, 0)
                                    .column("s", Types.NVARCHAR, 10, 0)
                                    .row("y", null),
                            "col_a",
                            "status"));
            assertEquals(515, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().startsWith("Cannot insert the value NULL into column 'status'"), e.getMessage());
        }
        assertEquals(List.of("1|x|null|new|42|null|null"), contents());
    }

    @Test
    void duplicateUniqueIndexKeyFailsTheWholeLoadWith2601AndARetryWithoutTheBadRowSucceeds() throws Exception {
        sql("CREATE UNIQUE INDEX [UX_" + table + "_code] ON [dbo].[" + table + "] ([code])");
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            bulkCopy(
                    c,
                    table,
                    new JdbcBulkRows()
                            .column("a", Types.NVARCHAR, 20, 0)
                            .column("code", Types.NVARCHAR, 5, 0)
                            .row("first", "A1"),
                    "col_a",
                    "code");
            c.commit();
            SQLServerException e = assertThrows(
                    SQLServerException.class,
                    () -> bulkCopy(
                            c,
                            table,
                            new JdbcBulkRows()
                                    .column("a", Types.NVARCHAR, 20, 0)
                                    .column("code", Types.NVARCHAR, 5, 0)
                                    .row("second", "B1")
                                    .row("third", "A1"),
                            "col_a",
                            "code"));
            assertEquals(2601, e.getErrorCode(), e.getMessage());
            assertEquals(
                    "Cannot insert duplicate key row in object 'dbo." + table + "' with unique index 'UX_" + table
                            + "_code'. The duplicate key value is (A1).",
                    e.getMessage());
            c.rollback();
            bulkCopy(
                    c,
                    table,
                    new JdbcBulkRows()
                            .column("a", Types.NVARCHAR, 20, 0)
                            .column("code", Types.NVARCHAR, 5, 0)
                            .row("second", "B1"),
                    "col_a",
                    "code");
            c.commit();
        }
        assertEquals(2, count("[dbo].[" + table + "]"));
    }

    @Test
    void duplicatePrimaryKeyFailsWith2627AndLeavesNothingOfTheLoadInTheTransaction() throws Exception {
        String keyed = unique("bulk_keyed");
        sql("CREATE TABLE [dbo].[" + keyed + "] ([id] INT NOT NULL CONSTRAINT [PK_" + keyed
                + "] PRIMARY KEY, [name] NVARCHAR(20) NULL)");
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            JdbcBulkRows ok = new JdbcBulkRows()
                    .column("id", Types.INTEGER, 10, 0)
                    .column("name", Types.NVARCHAR, 20, 0)
                    .row(1, "a")
                    .row(2, "b");
            bulkCopy(c, keyed, ok, "id", "name");
            JdbcBulkRows bad = new JdbcBulkRows()
                    .column("id", Types.INTEGER, 10, 0)
                    .column("name", Types.NVARCHAR, 20, 0)
                    .row(3, "c")
                    .row(4, "d")
                    .row(2, "dup");
            SQLServerException e = assertThrows(SQLServerException.class, () -> bulkCopy(c, keyed, bad, "id", "name"));
            assertEquals(2627, e.getErrorCode());
            assertEquals(
                    "Violation of PRIMARY KEY constraint 'PK_" + keyed
                            + "'. Cannot insert duplicate key in object 'dbo." + keyed
                            + "'. The duplicate key value is (2).",
                    e.getMessage());
            // the failed load left nothing; the transaction (rows 1 and 2) is still open and usable
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*), @@TRANCOUNT FROM [dbo].[" + keyed + "]")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
                assertEquals(1, rs.getInt(2));
            }
            c.rollback();
            bulkCopy(
                    c,
                    keyed,
                    new JdbcBulkRows()
                            .column("id", Types.INTEGER, 10, 0)
                            .column("name", Types.NVARCHAR, 20, 0)
                            .row(3, "c")
                            .row(4, "d"),
                    "id",
                    "name");
            c.commit();
        } finally {
            assertEquals(2, count("[dbo].[" + keyed + "]"));
            dropQuietly(keyed);
        }
    }

    @Test
    void checkConstraintViolationFailsWith547() throws Exception {
        try (Connection c = jdbc()) {
            SQLServerException e = assertThrows(
                    SQLServerException.class,
                    () -> bulkCopy(c, table, rows(r(5, "ok"), r(-1, "bad")), "col_b", "col_a"));
            assertEquals(547, e.getErrorCode());
            assertTrue(
                    e.getMessage()
                            .startsWith("The INSERT statement conflicted with the CHECK constraint \"CK_" + table
                                    + "_b\"."),
                    e.getMessage());
        }
        assertEquals(0, count("[dbo].[" + table + "]"));
    }

    @Test
    void aValueLongerThanItsColumnIsRefusedByTheDriverAndNothingLands() throws Exception {
        try (Connection c = jdbc()) {
            // declared as the source reports it (nvarchar(50)) but 21 characters for an nvarchar(20) column
            JdbcBulkRows rows = new JdbcBulkRows()
                    .column("a", Types.NVARCHAR, 50, 0)
                    .row("ok")
                    .row("x".repeat(21));
            SQLException e = assertThrows(SQLException.class, () -> bulkCopy(c, table, rows, "col_a"));
            // mssql-jdbc checks character and binary lengths itself before sending (the emulator would answer 4815)
            assertEquals(0, e.getErrorCode());
            assertEquals(
                    "The given value of type NVARCHAR(21) from the data source cannot be converted to type nvarchar(20) of the"
                            + " specified target column col_a.",
                    e.getMessage());
        }
        assertEquals(0, count("[dbo].[" + table + "]"));
    }

    @Test
    void bulkCopyPreparedUpdateAndBatchInsertCommitTogetherAndRollbackUndoesAllOfThem() throws Exception {
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            writeBatch(c, 100, rows(r(1, "a"), r(2, "b")));
            c.commit();
            writeBatch(c, 200, rows(r(3, "c")));
            c.rollback();
            // the connection is reused for the next batch
            writeBatch(c, 300, rows(r(4, "d")));
            c.commit();
        }
        assertEquals(3, count("[dbo].[" + table + "]"));
        assertEquals(4, count("[dbo].[" + errors + "]"));
        try (Connection c = jdbc();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT [checkpoint_row], [heartbeat_at] FROM [dbo].[" + job + "] WHERE [id] = 1")) {
            rs.next();
            assertEquals(300, rs.getLong(1));
            assertEquals(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_700), rs.getObject(2, LocalDateTime.class));
        }
    }

    /** One batch of the service's writer: bulk copy, checkpoint UPDATE, error rows by executeBatch (no commit). */
    void writeBatch(Connection c, long checkpoint, JdbcBulkRows rows) throws SQLException {
        bulkCopy(c, table, rows, "col_b", "col_a");
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE [dbo].[" + job + "] SET [checkpoint_row] = ?, [heartbeat_at] = ?"
                        + " WHERE [id] = ? AND [owner] = ? AND [cancel_requested] = 0")) {
            ps.setLong(1, checkpoint);
            ps.setObject(2, LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_700));
            ps.setLong(3, 1);
            ps.setString(4, "replica-a");
            assertEquals(1, ps.executeUpdate());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO [dbo].[" + errors
                + "] ([job_id], [row_number], [column_name]," + " [message], [raw]) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 2; i++) {
                ps.setLong(1, 1);
                ps.setLong(2, checkpoint + i);
                ps.setString(3, i == 0 ? "col_b" : null);
                ps.setString(4, "bad value " + "é".repeat(3000));
                ps.setString(5, "raw,line," + i);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertEquals(2, counts.length);
        }
    }
}
