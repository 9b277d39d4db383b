package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mssqlbulk.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection lost around a bulk load in an open transaction: whether it drops before the bulk load runs or after
 * the rows went into the transaction, nothing of the uncommitted transaction survives, and no lock is left behind.
 * SQLServerBulkCopy sends four counted statements: the FMTONLY metadata batch, the sys.columns query, INSERT BULK and
 * the BulkLoadBCP message.
 */
class EmulatorBulkCopyFaultsTest extends EmulatorTestSupport {
    static final int BULK_LOAD_STATEMENT = 4;
    MssqlEmulator emulator;
    String table;

    @BeforeEach
    void setUp() throws Exception {
        emulator = TestServer.emulator().orElse(null);
        Assumptions.assumeTrue(emulator != null, "fault injection needs the emulator");
        table = unique("bulk_faults");
        sql("CREATE TABLE [dbo].[" + table + "] ([id] INT NOT NULL PRIMARY KEY, [name] NVARCHAR(20) NULL)");
    }

    @AfterEach
    void tearDown() {
        if (emulator != null) {
            emulator.faults().reset();
            dropQuietly(table);
        }
    }

    @Test
    void droppedBeforeTheBulkLoadRunsLeavesNothingOfTheTransaction() throws Exception {
        loseConnectionDuringBatch(() -> emulator.faults().dropConnectionAfterStatements(BULK_LOAD_STATEMENT));
    }

    @Test
    void droppedAfterTheBulkLoadRanRollsTheTransactionBackWhenTheSessionCloses() throws Exception {
        loseConnectionDuringBatch(() -> emulator.faults().dropConnectionAfterExecuting(BULK_LOAD_STATEMENT));
    }

    void loseConnectionDuringBatch(Runnable arm) throws Exception {
        long dropped = emulator.faults().droppedConnections();
        Connection c = jdbc();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO [dbo].[" + table + "] ([id], [name]) VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "before the bulk load");
                ps.executeUpdate();
            }
            arm.run();
            JdbcBulkRows rows = new JdbcBulkRows()
                    .column("id", Types.INTEGER, 10, 0)
                    .column("name", Types.NVARCHAR, 20, 0)
                    .row(2, "b")
                    .row(3, "c");
            assertThrows(SQLException.class, () -> bulkCopy(c, table, rows, "id", "name"));
            assertEquals(dropped + 1, emulator.faults().droppedConnections());
        } finally {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
        // the same keys insert at once: the rolled-back transaction holds no rows and no locks
        try (Connection again = jdbc()) {
            bulkCopy(
                    again,
                    table,
                    new JdbcBulkRows()
                            .column("id", Types.INTEGER, 10, 0)
                            .row(1)
                            .row(2)
                            .row(3),
                    "id");
        }
        assertEquals(3, count("[dbo].[" + table + "]"));
        assertEquals(0, count("[dbo].[" + table + "] WHERE [name] IS NOT NULL"));
    }
}
