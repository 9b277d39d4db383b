package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.TestServer;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatorFaultsTest extends EmulatorTestSupport {
    MssqlEmulator emulator;
    String table;

    @BeforeEach
    void setUp() throws Exception {
        emulator = TestServer.emulator().orElse(null);
        Assumptions.assumeTrue(emulator != null, "fault injection needs the emulator");
        table = unique("faults");
        sql("CREATE TABLE [dbo].[" + table + "] ([id] INT NOT NULL PRIMARY KEY)");
    }

    @AfterEach
    void tearDown() {
        if (emulator != null) {
            emulator.faults().reset();
            dropQuietly(table);
        }
    }

    @Test
    void dropAfterStatementsClosesTheConnectionBeforeTheNthStatementRuns() throws Exception {
        MSSQLConnection c = connect();
        String insert = "INSERT INTO [dbo].[" + table + "] ([id]) VALUES (@p1)";
        long dropped = emulator.faults().droppedConnections();
        emulator.faults().dropConnectionAfterStatements(3);
        prepared(c, insert, Tuple.of(1));
        prepared(c, insert, Tuple.of(2));
        Exception e = assertThrows(Exception.class, () -> prepared(c, insert, Tuple.of(3)));
        assertFalse(e instanceof MSSQLException, e.toString());
        assertEquals(dropped + 1, emulator.faults().droppedConnections());
        assertEquals(2, count(table));
        // one-shot: later statements run normally
        MSSQLConnection again = connect();
        prepared(again, insert, Tuple.of(3));
        prepared(again, insert, Tuple.of(4));
        assertEquals(4, count(table));
        await(again.close());
    }

    @Test
    void dropAfterExecutingLosesTheReplyOfACommittedStatement() throws Exception {
        MSSQLConnection c = connect();
        emulator.faults().dropConnectionAfterExecuting(1);
        assertThrows(
                Exception.class,
                () -> prepared(c, "INSERT INTO [dbo].[" + table + "] ([id]) VALUES (@p1)", Tuple.of(7)));
        assertEquals(1, count(table));
    }

    @Test
    void refusedLoginsFailWith18456UntilReset() throws Exception {
        long failed = emulator.faults().failedLogins();
        emulator.faults().refuseLogins(true);
        assertEquals(
                18456,
                failure(MSSQLConnection.connect(vertx, TestServer.connectOptions()))
                        .number());
        assertEquals(failed + 1, emulator.faults().failedLogins());
        emulator.faults().refuseLogins(false);
        MSSQLConnection c = connect();
        await(c.close());
    }

    @Test
    void countersTrackLoginsAndStatements() throws Exception {
        long logins = emulator.faults().logins();
        long statements = emulator.faults().statementsExecuted();
        MSSQLConnection c = connect();
        sql(c, "SELECT 1; SELECT 2");
        prepared(c, "SELECT @p1 AS x", Tuple.of(1));
        await(c.close());
        assertTrue(emulator.faults().logins() >= logins + 1);
        assertTrue(emulator.faults().statementsExecuted() >= statements + 3);
    }
}
