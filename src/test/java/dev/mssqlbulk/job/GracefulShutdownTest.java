package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM does (the ShutdownEvent observer calls the same drain): uploads are refused, the running batch
 * commits, the job stays RUNNING at a batch boundary, and the next start resumes it exactly once.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class GracefulShutdownTest {

    @Inject
    JobRunner runner;

    @Inject
    JobResumer resumer;

    @Inject
    Instances instances;

    @AfterEach
    void takeWorkAgain() {
        runner.undrain();
    }

    @Test
    void drainingLetsTheBatchCommitAndLeavesTheJobResumable() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        Sql.execute("DELETE FROM [dbo].[resumed_items]");
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= 300; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        String id;
        emulator.faults().delayReplies(Duration.ofMillis(20));
        try {
            id = Api.upload("resumed_items", csv.toString(), "{\"bulkUploadRecordSize\":10}");
            while (Api.status(id).jsonPath().getLong("recordsSucceededCount") < 20) {
                Api.sleep(10);
            }
            assertTrue(runner.drain(Duration.ofSeconds(30)), "the running batch finished within the timeout");
        } finally {
            emulator.faults().reset();
        }
        Api.asTest()
                .multiPart("file", "x.csv", "id,label\n1,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/resumed_items")
                .then()
                .statusCode(503);

        long committed = Sql.count("[dbo].[resumed_items]");
        assertTrue(committed > 0 && committed < 300, "stopped part way: " + committed);
        assertEquals(0, committed % 10, "at a batch boundary");
        var stored = Sql.query(
                        "SELECT [status], [checkpoint_row], [succeeded_count] FROM [dbo].[mssql_bulk_job] "
                                + "WHERE [id] = @p1",
                        Long.parseLong(id))
                .get(0);
        assertEquals("RUNNING", stored.getString("status"));
        assertEquals(committed, stored.getLong("checkpoint_row"));
        assertEquals(committed, stored.getLong("succeeded_count"));

        runner.undrain();
        resumer.scan(instances.byName("test").orElseThrow()).await().atMost(Duration.ofSeconds(10));
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(300))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(300, Sql.count("[dbo].[resumed_items]"));
    }
}
