package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.staging.StagingPaths;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job the resumer finds in the status table counts against {@code max-queued-jobs} (3 for instance test) like
 * an upload: with the queue full it stays in the table, and it is taken once there is room.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class ResumedJobQueueTest {

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    JobRunner runner;

    @Inject
    JobRegistry registry;

    @Inject
    StagingPaths staging;

    @Test
    void leavesAResumableJobInTheTableWhileTheQueueIsFullAndTakesItOnceThereIsRoom() throws IOException {
        Instance instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        JobRecord abandoned = abandonedJob(instance);
        List<JobRecord> fillers = new ArrayList<>();
        runner.drain(Duration.ZERO); // nothing starts: the queue keeps what it is given
        try {
            while (runner.hasRoom(instance)) {
                JobRecord filler = job(JobIds.next(), "filler");
                runner.submit(instance, filler);
                fillers.add(filler);
            }

            resumer.scan(instance).await().atMost(Duration.ofSeconds(10));

            assertFalse(registry.isActive(abandoned.id()), "the full queue took no resumed job");
        } finally {
            for (JobRecord filler : fillers) {
                runner.dequeue(instance, filler.id());
                registry.deactivate(filler.id());
            }
            runner.undrain();
        }
        resumer.scan(instance).await().atMost(Duration.ofSeconds(10));
        assertTrue(
                registry.isActive(abandoned.id())
                        || registry.live(abandoned.id()).isPresent(),
                "with room again, the job was taken");
        Api.awaitEnd(String.valueOf(abandoned.id()), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(1));
    }

    /** A CREATED job whose owner went silent, with its staged upload of one row. */
    private JobRecord abandonedJob(Instance instance) throws IOException {
        long id = JobIds.next();
        JobRecord job = job(id, "replica-that-died");
        Files.createDirectories(job.stagedFile().getParent());
        Files.writeString(job.stagedFile(), "id,label\n" + (9700 + id % 100) + ",resumed\n");
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        // a new job's heartbeat is the database's clock; the dead replica's last one is set back by hand
        Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [heartbeat] = DATEADD(hour, -1, SYSUTCDATETIME()) WHERE [id] = "
                + id);
        return job;
    }

    private JobRecord job(long id, String owner) {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        JobOptions options = new JobOptions("create", null, 10, ',', null, false, null, null);
        return new JobRecord(
                id,
                "test",
                "control_items",
                "create",
                null,
                JobStatus.CREATED,
                0,
                0,
                0,
                0,
                0,
                longAgo,
                null,
                null,
                null,
                options,
                List.of("id", "label"),
                staging.of("test", options.stagedFileName(id)),
                null,
                null,
                owner,
                longAgo,
                null);
    }
}
