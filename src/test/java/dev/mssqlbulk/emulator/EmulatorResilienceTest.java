package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.mssqlclient.MSSQLConnectOptions;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.sqlclient.Tuple;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatorResilienceTest extends EmulatorTestSupport {
    String table;

    @BeforeEach
    void setUp() throws Exception {
        table = unique("conc");
        sql("CREATE TABLE [dbo].[" + table
                + "] ([id] BIGINT IDENTITY(1,1) PRIMARY KEY, [worker] INT NOT NULL, [seq] INT NOT NULL)");
    }

    @AfterEach
    void tearDown() {
        TestServer.emulator().ifPresent(e -> e.faults().reset());
        dropQuietly(table);
    }

    @Test
    void eightConnectionsInsertingAThousandRowsEachAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                all.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                MSSQLConnection c = connect();
                                try {
                                    for (int i = 0; i < 1000; i++) {
                                        await(c.preparedQuery("INSERT INTO [dbo].[" + table
                                                        + "] ([worker], [seq]) VALUES (@p1, @p2)")
                                                .execute(Tuple.of(worker, i)));
                                    }
                                } finally {
                                    await(c.close());
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8000, count(table));
        assertEquals(
                8,
                sql("SELECT COUNT(DISTINCT [worker]) FROM [dbo].[" + table + "]")
                        .iterator()
                        .next()
                        .getInteger(0));
    }

    @Test
    void clientSendingHalfAMessageThenClosingDoesNotDisturbOthers() throws Exception {
        MSSQLConnectOptions o = TestServer.connectOptions();
        MSSQLConnection healthy = connect();
        try (Socket raw = new Socket(o.getHost(), o.getPort())) {
            OutputStream out = raw.getOutputStream();
            // a PRELOGIN header announcing 100 bytes, followed by only 10 of them
            out.write(new byte[] {0x12, 0x01, 0x00, 0x64, 0, 0, 1, 0});
            out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        try (Socket raw = new Socket(o.getHost(), o.getPort())) {
            raw.getOutputStream().write(new byte[] {0x01, 0x01, 0x00});
        }
        prepared(healthy, "INSERT INTO [dbo].[" + table + "] ([worker], [seq]) VALUES (@p1, @p2)", Tuple.of(1, 1));
        assertEquals(1, count(table));
        await(healthy.close());
    }

    @Test
    void clientClosingWhileAReplyIsDelayedDoesNotDisturbOthers() throws Exception {
        MssqlEmulator emulator = TestServer.emulator().orElse(null);
        Assumptions.assumeTrue(emulator != null, "fault injection needs the emulator");
        MSSQLConnection doomed = connect();
        MSSQLConnection healthy = connect();
        emulator.faults().delayReplies(Duration.ofMillis(700));
        Future<?> pending = doomed.query("SELECT 1").execute();
        Thread.sleep(150);
        await(doomed.close().recover(t -> Future.succeededFuture()));
        pending.recover(t -> Future.succeededFuture());
        emulator.faults().delayReplies(Duration.ZERO);
        Thread.sleep(800);
        prepared(healthy, "INSERT INTO [dbo].[" + table + "] ([worker], [seq]) VALUES (@p1, @p2)", Tuple.of(2, 2));
        assertEquals(1, count(table));
        await(healthy.close());
    }

    @Test
    void disconnectInsideATransactionRollsItBack() throws Exception {
        MSSQLConnection c = connect();
        sql(c, "BEGIN TRANSACTION");
        prepared(c, "INSERT INTO [dbo].[" + table + "] ([worker], [seq]) VALUES (@p1, @p2)", Tuple.of(3, 3));
        await(c.close());
        long deadline = System.currentTimeMillis() + 5000;
        while (count(table) != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, count(table));
    }
}
