package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.TestServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Microsoft's JDBC driver (mssql-jdbc) against the server: login, encryption, transactions, prepared statements. */
class EmulatorJdbcTest extends EmulatorTestSupport {
    String table;

    @BeforeEach
    void setUp() throws Exception {
        table = unique("jdbc");
        sql("CREATE TABLE [dbo].[" + table + "] ([id] BIGINT NOT NULL PRIMARY KEY, [n] INT NULL, [s] NVARCHAR(50) NULL,"
                + " [big] NVARCHAR(MAX) NULL, [at] DATETIME2(7) NULL, [flag] BIT NULL, [amount] DECIMAL(18,4) NULL,"
                + " [data] VARBINARY(MAX) NULL)");
    }

    @AfterEach
    void tearDown() {
        dropQuietly(table);
    }

    @Test
    void logsInAndReportsServerAndDatabase() throws Exception {
        try (Connection c = jdbc();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@VERSION, DB_NAME()")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("Microsoft SQL Server"), rs.getString(1));
            assertEquals(TestServer.connectOptions().getDatabase(), rs.getString(2));
            assertTrue(c.getMetaData().getDatabaseProductVersion().startsWith("16."));
        }
    }

    @Test
    void wrongPasswordFailsWith18456() {
        Assumptions.assumeTrue(TestServer.isEmulator());
        SQLException e = assertThrows(
                SQLException.class,
                () -> new com.microsoft.sqlserver.jdbc.SQLServerDriver()
                        .connect(jdbcUrl(""), props(TestServer.connectOptions().getUser(), "wrong-password")));
        assertEquals(18456, e.getErrorCode());
    }

    @Test
    void aClientThatRequiresEncryptionCannotConnect() {
        Assumptions.assumeTrue(TestServer.isEmulator(), "a real server may well offer TLS");
        SQLException on = assertThrows(
                SQLException.class, () -> jdbc(";encrypt=true;trustServerCertificate=true;loginTimeout=5"));
        assertTrue(on.getMessage().contains("encrypt") || on.getMessage().contains("SSL"), on.getMessage());
        assertThrows(SQLException.class, () -> jdbc(";encrypt=strict;trustServerCertificate=true;loginTimeout=5"));
    }

    static java.util.Properties props(String user, String password) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    @Test
    void withAutoCommitOffTheFirstStatementOpensATransactionThatLastsUntilCommitOrRollback() throws Exception {
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            assertEquals(0, tranCount(c));
            insert(c, 1, "rolled back");
            assertEquals(1, tranCount(c));
            assertEquals(
                    0, count("[dbo].[" + table + "] WITH (READPAST)"), "uncommitted rows are not visible to others");
            c.rollback();
            assertEquals(0, tranCount(c));
            insert(c, 2, "committed");
            insert(c, 3, "committed");
            c.commit();
            assertEquals(2, count("[dbo].[" + table + "]"));
            insert(c, 4, "committed by setAutoCommit(true)");
            c.setAutoCommit(true);
            assertEquals(0, tranCount(c));
            assertEquals(3, count("[dbo].[" + table + "]"));
            insert(c, 5, "auto-committed");
            assertEquals(4, count("[dbo].[" + table + "]"));
        }
    }

    static int tranCount(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@TRANCOUNT")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    void insert(Connection c, long id, String s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO [dbo].[" + table + "] ([id], [s]) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, s);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    void preparedStatementParametersOfEveryKindTheWriterUsesRoundTrip() throws Exception {
        String big = "ü世界-".repeat(2000);
        byte[] data = new byte[9000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13);
        }
        LocalDateTime at = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_700);
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO [dbo].[" + table + "] ([id], [n], [s], [big], [at], [flag],"
                            + " [amount], [data]) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (long id = 1; id <= 3; id++) { // sp_executesql, then sp_prepexec, then sp_execute
                    ps.setLong(1, id);
                    ps.setInt(2, -7);
                    ps.setString(3, "Grüße ✓");
                    ps.setString(4, big);
                    ps.setObject(5, id == 2 ? Timestamp.valueOf(at) : at);
                    ps.setBoolean(6, true);
                    ps.setBigDecimal(7, new BigDecimal("-12345678901234.5678"));
                    ps.setBytes(8, data);
                    assertEquals(1, ps.executeUpdate());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE [dbo].[" + table
                    + "] SET [n] = ?, [at] = ? WHERE [id] = ? AND [s] = ?" + " AND [flag] = 1")) {
                ps.setInt(1, 42);
                ps.setObject(2, at.plusDays(1));
                ps.setLong(3, 3);
                ps.setString(4, "Grüße ✓");
                assertEquals(1, ps.executeUpdate());
                ps.setLong(3, 99);
                assertEquals(0, ps.executeUpdate());
            }
            c.commit();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT [n], [s], [big], [at], [flag], [amount], [data] FROM [dbo].[" + table
                            + "] WHERE [id] = ?")) {
                for (long id = 1; id <= 3; id++) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(id == 3 ? 42 : -7, rs.getInt(1));
                        assertEquals("Grüße ✓", rs.getString(2));
                        assertEquals(big, rs.getString(3));
                        assertEquals(id == 3 ? at.plusDays(1) : at, rs.getObject(4, LocalDateTime.class));
                        assertTrue(rs.getBoolean(5));
                        assertEquals(new BigDecimal("-12345678901234.5678"), rs.getBigDecimal(6));
                        assertArrayEquals(data, rs.getBytes(7));
                        assertFalse(rs.next());
                    }
                }
            }
            c.commit();
        }
    }

    @Test
    void executeBatchRunsEveryRowAndReportsEachCount() throws Exception {
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO [dbo].[" + table + "] ([id], [s], [at]) VALUES (?, ?, ?)")) {
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < 500; i++) {
                        ps.setLong(1, round * 1000L + i);
                        ps.setString(2, i % 2 == 0 ? null : "row " + i);
                        ps.setObject(3, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i));
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    assertEquals(500, counts.length);
                    for (int n : counts) {
                        assertEquals(1, n);
                    }
                }
            }
            c.commit();
        }
        assertEquals(1000, count("[dbo].[" + table + "]"));
        assertEquals(500, count("[dbo].[" + table + "] WHERE [s] IS NULL"));
    }

    @Test
    void aFailedStatementKeepsTheTransactionUsableForRollback() throws Exception {
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            insert(c, 1, "a");
            SQLException e = assertThrows(SQLException.class, () -> insert(c, 1, "duplicate"));
            assertEquals(2627, e.getErrorCode());
            assertEquals(1, tranCount(c));
            c.rollback();
            assertEquals(0, count("[dbo].[" + table + "]"));
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT [s] FROM [dbo].[" + table + "]")) {
                assertFalse(rs.next());
            }
        }
    }
}
