package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.TestServer;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stalls (a half-open connection: no answer, no close) and holds (a pause at a named phase while the test kills the
 * client). The rule for a held connection whose client dies: its un-committed transaction rolls back as the session
 * ends; a COMMIT that already ran stays.
 */
class EmulatorStallAndHoldTest extends EmulatorTestSupport {
    static final Duration WAIT = Duration.ofSeconds(20);
    final ExecutorService clients = Executors.newCachedThreadPool();
    MssqlEmulator emulator;
    String table;

    @BeforeEach
    void setUp() throws Exception {
        emulator = TestServer.emulator().orElse(null);
        Assumptions.assumeTrue(emulator != null, "stalls and holds need the emulator");
        table = unique("holds");
        sql("CREATE TABLE [dbo].[" + table + "] ([id] INT NOT NULL PRIMARY KEY)");
    }

    @AfterEach
    void tearDown() {
        clients.shutdownNow();
        if (emulator != null) {
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

    @Test
    void aStalledStatementGetsNoAnswerAndNoCloseUntilReset() throws Exception {
        long stalled = emulator.faults().stalledConnections();
        emulator.faults().stallAtStatement(1);
        try (Connection c = jdbc(";socketTimeout=1500");
                Statement st = c.createStatement()) {
            long start = System.nanoTime();
            SQLException timeout = assertThrows(
                    SQLException.class, () -> st.executeUpdate("INSERT INTO [dbo].[" + table + "] ([id]) VALUES (1)"));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1400), "answered early: " + timeout);
            assertTrue(timeout.getMessage().toLowerCase().contains("timed out"), timeout.getMessage());
        }
        assertEquals(stalled + 1, emulator.faults().stalledConnections());
        emulator.faults().reset();
        assertEquals(0, count(table));
        try (Connection c = jdbc(";socketTimeout=5000");
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO [dbo].[" + table + "] ([id]) VALUES (1)");
        }
        assertEquals(1, count(table));
    }

    @Test
    void aStalledBulkLoadInsertsNothing() throws Exception {
        emulator.faults().stallAtBulkLoad(1);
        try (Connection c = jdbc(";socketTimeout=1500")) {
            c.setAutoCommit(false);
            assertThrows(SQLException.class, () -> bulkCopy(c, table, ids(1, 2), "id"));
        }
        emulator.faults().reset();
        assertEquals(0, count(table));
    }

    @Test
    void aClientKilledWhileHeldAfterTheRowsLeavesNothing() throws Exception {
        Faults.Hold hold = emulator.faults().holdAt(Faults.Phase.BULK_LOAD_AFTER_ROWS, 1);
        Connection c = jdbc();
        c.setAutoCommit(false);
        CompletableFuture<Void> copy = CompletableFuture.runAsync(
                () -> {
                    try {
                        bulkCopy(c, table, ids(1, 2, 3), "id");
                        c.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                },
                clients);
        assertTrue(hold.awaitHeld(WAIT));
        assertTrue(hold.isHeld());
        assertFalse(copy.isDone(), "the client waits for the reply");
        c.abort(Runnable::run); // the client dies: its socket closes
        hold.release();
        assertThrows(Exception.class, () -> copy.get(20, TimeUnit.SECONDS));
        awaitCount(0);
        try (Connection again = jdbc()) {
            bulkCopy(again, table, ids(1, 2, 3), "id"); // no lock is left behind
        }
        assertEquals(3, count(table));
    }

    @Test
    void aClientKilledWhileHeldBeforeItsCommitRollsBackAndAfterItsCommitKeepsTheRows() throws Exception {
        killWhileHeld(Faults.Phase.COMMIT_BEFORE, 1);
        awaitCount(0);
        killWhileHeld(Faults.Phase.COMMIT_AFTER, 2);
        awaitCount(1);
    }

    /** A transaction inserting {@code id} is held at the phase, its client killed there, the hold released. */
    void killWhileHeld(Faults.Phase phase, int id) throws Exception {
        Faults.Hold hold = emulator.faults().holdAt(phase, 1);
        Connection c = jdbc();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO [dbo].[" + table + "] ([id]) VALUES (?)")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
        CompletableFuture<Void> commit = CompletableFuture.runAsync(
                () -> {
                    try {
                        c.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                },
                clients);
        assertTrue(hold.awaitHeld(WAIT), phase + " never reached");
        c.abort(Runnable::run);
        hold.release();
        assertThrows(Exception.class, () -> commit.get(20, TimeUnit.SECONDS));
    }

    @Test
    void theCheckpointHoldStopsTheJobTableUpdateOfATransactionNotTheLeaseRenewal() throws Exception {
        String schema = unique("holdjob");
        sql("CREATE SCHEMA [" + schema + "]");
        String jobTable = "[" + schema + "].[mssql_bulk_job]";
        sql("CREATE TABLE " + jobTable
                + " ([id] BIGINT NOT NULL PRIMARY KEY, [checkpoint_row] BIGINT NOT NULL, [heartbeat] INT NULL)");
        try {
            sql("INSERT INTO " + jobTable + " VALUES (1, 0, 0)");
            Faults.Hold hold = emulator.faults().holdAt(Faults.Phase.CHECKPOINT, 1);
            MSSQLConnection renewal = connect();
            prepared(renewal, "UPDATE " + jobTable + " SET [heartbeat] = @p1 WHERE [id] = 1", Tuple.of(1));
            await(renewal.close());
            assertFalse(hold.awaitHeld(Duration.ZERO), "an auto-commit UPDATE is not a checkpoint");
            try (Connection c = jdbc()) {
                c.setAutoCommit(false);
                CompletableFuture<Integer> checkpoint = CompletableFuture.supplyAsync(
                        () -> {
                            try (PreparedStatement ps = c.prepareStatement(
                                    "UPDATE " + jobTable + " SET [checkpoint_row] = ? WHERE [id] = 1")) {
                                ps.setLong(1, 500);
                                int n = ps.executeUpdate();
                                c.commit();
                                return n;
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        clients);
                assertTrue(hold.awaitHeld(WAIT));
                assertEquals(
                        0L,
                        sql("SELECT [checkpoint_row] FROM " + jobTable)
                                .iterator()
                                .next()
                                .getLong(0),
                        "held before it runs");
                hold.release();
                assertEquals(1, checkpoint.get(20, TimeUnit.SECONDS));
            }
            assertEquals(
                    500L,
                    sql("SELECT [checkpoint_row] FROM " + jobTable)
                            .iterator()
                            .next()
                            .getLong(0));
        } finally {
            dropQuietly(jobTable);
        }
    }

    /** The session of a killed client ends on the server's own thread, shortly after its hold is released. */
    void awaitCount(long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count(table) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, count(table));
    }
}
