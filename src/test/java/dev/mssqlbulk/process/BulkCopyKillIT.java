package dev.mssqlbulk.process;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mssqlbulk.emulator.EmulatorOptions;
import dev.mssqlbulk.emulator.Faults;
import dev.mssqlbulk.emulator.MssqlEmulator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11's promise on a real process: a 200,000-row create into {@code contact (id int primary key, ...)}, the
 * packaged service killed with SIGKILL inside a bulk load (before and after its rows went in), inside the checkpoint
 * UPDATE, inside the COMMIT (before and after it ran) and at random moments, restarted each time (under the same node
 * id, once under another after the lease), ends COMPLETE with every row written exactly once and none failed, whether
 * or not a bulk load opens the implicit transaction (Babelfish's way, {@code bulkLoadOpensNoTransaction}).
 * {@code -Dchaos.rows=N} changes the row count.
 */
class BulkCopyKillIT {
    static final int ROWS = Integer.getInteger("chaos.rows", 200_000);
    static final int BATCH = 1000;
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration HOLD_WAIT = Duration.ofSeconds(90);
    static final Duration END_WAIT = Duration.ofMinutes(5);
    static final String SCHEMA = """
            CREATE TABLE [dbo].[contact] (
              [id] INT NOT NULL PRIMARY KEY,
              [first_name] NVARCHAR(50) NULL,
              [last_name] NVARCHAR(50) NULL,
              [email] NVARCHAR(100) NULL,
              [score] INT NULL
            )""";

    /** What the test does next: hold at a phase and kill there, or kill after a random pause. */
    record Step(Faults.Phase phase, String restartAs, boolean afterLease) {}

    @ParameterizedTest(name = "bulkLoadOpensNoTransaction={0}")
    @ValueSource(booleans = {false, true})
    void killedAtEveryPhaseTheJobStillWritesEveryRowExactlyOnce(boolean bulkLoadOpensNoTransaction) throws Exception {
        Path work =
                Path.of("target", "chaos", "kill-" + bulkLoadOpensNoTransaction).toAbsolutePath();
        Files.createDirectories(work);
        Path csv = contacts(work.resolve("contact.csv"));
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> actions = new ArrayList<>();
        log(actions, "seed " + seed + " (-Dchaos.seed)");
        Instant started = Instant.now();
        try (MssqlEmulator emulator = MssqlEmulator.start(EmulatorOptions.defaults());
                ServiceCluster cluster = new ServiceCluster(emulator, work, LEASE, Map.of())) {
            emulator.executeScript(SCHEMA);
            emulator.quirks().bulkLoadOpensNoTransaction(bulkLoadOpensNoTransaction);
            EmulatorDatabase db = new EmulatorDatabase(emulator);
            ServiceClient client = new ServiceClient();
            ServiceProcess node = cluster.start("node-a");
            String id = client.upload(node, "contact", csv, "{\"bulkUploadRecordSize\": " + BATCH + "}");
            log(
                    actions,
                    "job " + id + ": " + ROWS + " rows, bulkUploadRecordSize " + BATCH
                            + " (batches are the service's own), bulkLoadOpensNoTransaction="
                            + bulkLoadOpensNoTransaction);
            List<Step> plan = List.of(
                    new Step(Faults.Phase.BULK_LOAD_BEFORE_ROWS, "node-a", false),
                    new Step(Faults.Phase.BULK_LOAD_AFTER_ROWS, "node-a", false),
                    new Step(Faults.Phase.CHECKPOINT, "node-b", true),
                    new Step(Faults.Phase.COMMIT_BEFORE, "node-b", false),
                    new Step(Faults.Phase.COMMIT_AFTER, "node-b", false),
                    new Step(null, "node-b", false),
                    new Step(null, "node-b", false));
            for (Step step : plan) {
                if (ended(client, node, id)) {
                    log(actions, "the job ended before the step at " + phase(step));
                    break;
                }
                if (step.phase() != null) {
                    Faults.Hold hold = emulator.faults().holdAt(step.phase(), 1 + random.nextInt(3));
                    if (!hold.awaitHeld(HOLD_WAIT)) {
                        hold.release();
                        log(actions, "never reached " + step.phase() + " within " + HOLD_WAIT);
                        continue;
                    }
                    node.kill9();
                    hold.release();
                } else {
                    ServiceProcess.sleep(500 + random.nextInt(2500));
                    node.kill9();
                }
                ServiceProcess.sleep(300); // the dead client's session ends on the emulator
                log(
                        actions,
                        "SIGKILL " + node.nodeId() + " (pid " + node.pid() + ") at " + phase(step) + ": table holds "
                                + db.scalar("SELECT COUNT(*) FROM [dbo].[contact]") + " rows, checkpoint at row "
                                + db.scalar("SELECT [checkpoint_row] FROM [dbo].[mssql_bulk_job] WHERE [id] = " + id));
                if (step.afterLease()) {
                    ServiceProcess.sleep(LEASE.toMillis() + 1000);
                }
                node.restart(step.restartAs());
                log(actions, "restarted as " + node.nodeId() + (step.afterLease() ? " after the lease" : ""));
            }
            JsonNode status = awaitEnd(client, node, id);
            long count = db.scalar("SELECT COUNT(*) FROM [dbo].[contact]");
            long distinct = db.scalar("SELECT COUNT(DISTINCT [id]) FROM [dbo].[contact]");
            long inFile = db.scalar("SELECT COUNT(*) FROM [dbo].[contact] WHERE [id] BETWEEN 1 AND " + ROWS);
            log(
                    actions,
                    "ended " + status.path("status").asText() + " after "
                            + Duration.between(started, Instant.now()).toSeconds() + " s: succeeded "
                            + status.path("recordsSucceededCount").asLong() + ", failed "
                            + status.path("recordsFailedCount").asLong() + ", message "
                            + status.path("statusMessage").asText()
                            + "; table rows " + count + ", distinct ids " + distinct + ", ids of the file " + inFile);
            assertAll(
                    () -> assertEquals("COMPLETE", status.path("status").asText(), status.toString()),
                    () -> assertEquals(
                            ROWS, status.path("recordsSucceededCount").asLong(), "succeeded"),
                    () -> assertEquals(0, status.path("recordsFailedCount").asLong(), "failed"),
                    () -> assertEquals(ROWS, count, "rows in the table"),
                    () -> assertEquals(ROWS, distinct, "distinct ids in the table"),
                    () -> assertEquals(ROWS, inFile, "ids of the file in the table"));
        } finally {
            System.out.println("BulkCopyKillIT bulkLoadOpensNoTransaction=" + bulkLoadOpensNoTransaction + ":\n  "
                    + String.join("\n  ", actions));
        }
    }

    static String phase(Step step) {
        return step.phase() == null ? "a random moment" : step.phase().name();
    }

    static boolean ended(ServiceClient client, ServiceProcess node, String id) {
        try {
            return ServiceClient.ended(client.status(node, id));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode awaitEnd(ServiceClient client, ServiceProcess node, String id) throws Exception {
        Instant deadline = Instant.now().plus(END_WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = client.status(node, id);
                if (ServiceClient.ended(last)) {
                    return last;
                }
            } catch (IOException e) {
                // busy: ask again
            }
            ServiceProcess.sleep(250);
        }
        throw new AssertionError("job " + id + " did not end within " + END_WAIT + "; last status " + last);
    }

    /** ids 1..ROWS in order, as a client's CSV. */
    static Path contacts(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,first_name,last_name,email,score\n");
            for (int i = 1; i <= ROWS; i++) {
                out.write(i + ",First" + i + ",Last" + i + ",user" + i + "@example.com," + (i % 100) + "\n");
            }
        }
        return file;
    }

    static void log(List<String> actions, String line) {
        actions.add(line);
        System.out.println("[BulkCopyKillIT] " + line);
    }
}
