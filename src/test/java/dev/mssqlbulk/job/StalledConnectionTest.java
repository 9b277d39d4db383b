package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A half-open connection: the server (or a network device between) stops answering without closing anything. No
 * wait of the service is unbounded (the test instances: statement-timeout and bulk-copy-timeout 5 s), so the job
 * abandons the silent connection, resumes from its checkpoint and finishes with every row once; and while it does
 * not move it stops renewing its lease (job-stall-timeout 3 s here), so that another replica could take it over.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class StalledConnectionTest {

    @Inject
    Instances instances;

    @Inject
    JobRunner runner;

    private MssqlEmulator emulator;

    @BeforeEach
    void emulator() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's stall fault");
        emulator = MssqlTestResource.emulator().get();
        Sql.execute("DELETE FROM [dbo].[resumed_items]");
    }

    @AfterEach
    void reset() {
        if (emulator != null) {
            emulator.faults().reset();
        }
    }

    private static String rows(int count) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= count; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        return csv.toString();
    }

    @Test
    void aBulkLoadThatNeverAnswersIsAbandonedAndTheJobStopsRenewingItsLeaseThenFinishes() {
        Instance instance = instances.byName("test").orElseThrow();
        emulator.faults().stallAtBulkLoad(2);
        String id = Api.upload("resumed_items", rows(30), "{\"bulkUploadRecordSize\":10}");
        awaitStall();
        Api.sleep(4_000); // past job-stall-timeout without a batch
        LocalDateTime before = heartbeat(id);
        runner.renewLeases(instance).await().atMost(Duration.ofSeconds(10));
        assertEquals(before, heartbeat(id), "a job that does not move keeps no lease");
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(30))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(30, Sql.count("[dbo].[resumed_items]"));
    }

    @Test
    void aStatementThatNeverAnswersIsAbandonedAndTheJobFinishes() {
        String id = Api.upload(Api.BATCH_AUTH, "resumed_items", rows(3000), "{\"bulkUploadRecordSize\":10}");
        emulator.faults().stallAtStatement(5); // inside one of the job's 300 batches of statements
        awaitStall();
        Api.awaitEnd(Api.BATCH_AUTH, id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(3000))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(3000, Sql.count("[dbo].[resumed_items]"));
    }

    private void awaitStall() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (emulator.faults().stalledConnections() == 0 && System.nanoTime() < deadline) {
            Api.sleep(50);
        }
        assertTrue(emulator.faults().stalledConnections() > 0, "the connection stalled");
    }

    private static LocalDateTime heartbeat(String id) {
        return Sql.query("SELECT [heartbeat] FROM [dbo].[mssql_bulk_job] WHERE [id] = @p1", Long.parseLong(id))
                .get(0)
                .getLocalDateTime("heartbeat");
    }
}
