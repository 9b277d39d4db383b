package dev.mssqlbulk.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mssqlbulk.emulator.EmulatorOptions;
import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.S3ProxyServer;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's promise on real processes: two replicas that share no disk (each its own local staging directory),
 * one bucket. An upload through A is stored in the bucket; A is killed with SIGKILL while it runs the job; B takes
 * the job over once A's lease has passed, reads the upload from the bucket from the checkpoint on, and completes it
 * with every row written once. A staged file on A's disk would have made that impossible.
 */
class ObjectStagingTakeoverIT {

    static final Duration LEASE = Duration.ofSeconds(3);
    static final int ROWS = 60_000;

    @Test
    void aReplicaTakesOverTheJobOfAKilledOneFromTheBucketAndWritesEveryRowOnce() throws Exception {
        Path work = Path.of("target", "object-staging", "replicas").toAbsolutePath();
        Files.createDirectories(work);
        try (MssqlEmulator emulator = MssqlEmulator.start(EmulatorOptions.defaults());
                S3ProxyServer store = S3ProxyServer.start("takeover", work.resolve("bucket"));
                ServiceCluster cluster = new ServiceCluster(emulator, work, LEASE, store.stagingConfig("it"))) {
            emulator.executeScript("CREATE TABLE [dbo].[takeover_items] ([id] INT NOT NULL PRIMARY KEY,"
                    + " [label] NVARCHAR(50) NOT NULL)");
            EmulatorDatabase db = new EmulatorDatabase(emulator);
            ServiceClient client = new ServiceClient();
            ServiceProcess a = cluster.start("replica-a", ownStaging(work, "a"));
            ServiceProcess b = cluster.start("replica-b", ownStaging(work, "b"));

            Path csv = work.resolve("takeover.csv");
            try (BufferedWriter out = Files.newBufferedWriter(csv)) {
                out.write("id,label\n");
                for (int i = 1; i <= ROWS; i++) {
                    out.write(i + ",row " + i + "\n");
                }
            }
            String id = client.upload(a, "takeover_items", csv, "{\"bulkUploadRecordSize\":500}");
            String owned = "SELECT COUNT(*) FROM [dbo].[mssql_bulk_job] WHERE [id] = " + id + " AND [owner] = ";

            Instant deadline = Instant.now().plusSeconds(60);
            while (db.scalar("SELECT [succeeded_count] FROM [dbo].[mssql_bulk_job] WHERE [id] = " + id) == 0
                    && Instant.now().isBefore(deadline)) {
                ServiceProcess.sleep(20);
            }
            assertEquals(1, db.scalar(owned + "'replica-a'"), "A runs the job it accepted");
            a.kill9();
            Instant killed = Instant.now();
            long atKill = db.scalar("SELECT [succeeded_count] FROM [dbo].[mssql_bulk_job] WHERE [id] = " + id);
            assertTrue(atKill < ROWS, "A was killed mid-job (" + atKill + " rows in)");
            assertFalse(
                    Files.exists(work.resolve("staging-b")
                            .resolve(ServiceCluster.INSTANCE)
                            .resolve(id + ".csv")),
                    "B has no copy of the upload on its disk");

            JsonNode status = client.status(b, id);
            deadline = Instant.now().plusSeconds(90);
            while (!ServiceClient.ended(status) && Instant.now().isBefore(deadline)) {
                ServiceProcess.sleep(200);
                status = client.status(b, id);
            }
            System.out.println("ObjectStagingTakeoverIT: " + ROWS + " rows; replica-a killed after " + atKill
                    + " rows; replica-b ended the job " + status.path("status").asText() + " "
                    + Duration.between(killed, Instant.now()).toMillis() + " ms later (lease " + LEASE.toSeconds()
                    + " s)");
            assertEquals("COMPLETE", status.path("status").asText(), status.toString());
            assertEquals(ROWS, status.path("recordsSucceededCount").asLong());
            assertEquals(0, status.path("recordsFailedCount").asLong());
            assertEquals(ROWS, db.scalar("SELECT COUNT(*) FROM [dbo].[takeover_items]"));
            assertEquals(ROWS, db.scalar("SELECT COUNT(DISTINCT [id]) FROM [dbo].[takeover_items]"));
            assertEquals(1, db.scalar(owned + "'replica-b'"), "B ended the job");
        }
    }

    private static Map<String, String> ownStaging(Path work, String node) {
        Map<String, String> own = new HashMap<>();
        own.put("mssql-bulk.staging-directory", work.resolve("staging-" + node).toString());
        return own;
    }
}
