package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.ResumedItems;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a replica finds after a crash: the status row of a RUNNING job with its checkpoint, the rows committed up
 * to it, and the staged file. The resumer must finish the job from the checkpoint, writing each row once.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class JobResumeTest {

    private static final int ROWS = 100;
    private static final int COMMITTED = 40;

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    JobRunner runner;

    @Inject
    BulkConfig config;

    private Instance instance;

    @BeforeEach
    void crashedState() {
        instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        ResumedItems.commit(COMMITTED);
    }

    @Test
    void resumesItsOwnRunningJobFromTheCheckpointAfterARestart() throws IOException {
        JobRecord job = crashedJob(runner.nodeId(), Instant.now());
        scan();
        Api.awaitEnd(String.valueOf(job.id()), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsCount", equalTo(ROWS))
                .body("recordsSucceededCount", equalTo(ROWS))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(ROWS, Sql.count("[dbo].[resumed_items]"));
        assertTrue(Files.exists(job.stagedFile()), "the staged file is kept for the job's result files");
    }

    @Test
    void takesOverAJobWhoseOwnerWentSilentLongerThanTheLease() throws IOException {
        JobRecord job = crashedJob(
                "replica-that-died", Instant.now().minus(config.jobLease()).minusSeconds(5));
        scan();
        Api.awaitEnd(String.valueOf(job.id()), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(ROWS));
        assertEquals(ROWS, Sql.count("[dbo].[resumed_items]"));
    }

    @Test
    void leavesAloneAJobWhoseOwnerIsAlive() throws IOException {
        JobRecord job = crashedJob("replica-alive", Instant.now());
        scan();
        Api.sleep(300);
        Api.status(String.valueOf(job.id()))
                .then()
                .body("status", equalTo("RUNNING"))
                .body("recordsSucceededCount", equalTo(COMMITTED));
        assertEquals(COMMITTED, Sql.count("[dbo].[resumed_items]"));
        Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [status] = 'ERROR' WHERE [id] = " + job.id());
    }

    @Test
    void endsInErrorWhenTheStagedFileIsGoneWithItsReplica() throws IOException {
        JobRecord job = crashedJob(
                "replica-that-died", Instant.now().minus(config.jobLease()).minusSeconds(5));
        Files.delete(job.stagedFile());
        scan();
        Api.awaitEnd(String.valueOf(job.id()), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("ERROR"))
                .body("recordsSucceededCount", equalTo(COMMITTED))
                .body("recordsUnprocessedCount", equalTo(ROWS - COMMITTED))
                .body("statusMessage", org.hamcrest.Matchers.containsString("shared volume"))
                .body(
                        "statusMessage",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                                job.stagedFile().getFileName().toString())));
    }

    private void scan() {
        resumer.scan(instance).await().atMost(Duration.ofSeconds(10));
    }

    private JobRecord crashedJob(String owner, Instant heartbeat) throws IOException {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        long id = JobIds.next();
        Files.createDirectories(config.stagingDirectory());
        Path staged = config.stagingDirectory().resolve(id + ".csv");
        Files.writeString(staged, csv);
        JobRecord job = ResumedItems.runningJob(
                id,
                "create",
                "/crash.csv",
                ROWS,
                COMMITTED,
                new JobOptions("create", null, 10, ',', null, false, null, null),
                staged,
                owner,
                heartbeat);
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        // a new job's heartbeat is the database's clock; a crashed owner's last one is set back by hand
        ResumedItems.silence(id, Duration.between(heartbeat, Instant.now()));
        return job;
    }
}
