package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.ResumedItems;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several replicas share one status table. The rule: a replica writes a job's row only under the claim it holds,
 * and every claim fences off the one before it, whoever made it and whatever the replicas' clocks say. So a replica
 * that lost a job (paused, cut off longer than the lease, or a second process under the same node id) cannot write
 * its old state over the new holder's, and a run always starts from the checkpoint stored at its claim.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class ReplicaFencingTest {

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
    void tables() {
        instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        ResumedItems.commit(COMMITTED);
    }

    @Test
    void everyClaimFencesOffTheOneBeforeItEvenUnderTheSameNodeId() {
        JobRecord job = storedJob("replica-a", Duration.ZERO);
        JobRecord first = claim("replica-a").orElseThrow();
        JobRecord second = claim("replica-a").orElseThrow(); // a second process with the same host name
        assertNotEquals(first.fence(), second.fence());
        Throwable refused = store.update(instance, first.finished(JobStatus.ERROR, "stale", Instant.now()))
                .onItem()
                .<Throwable>transform(v -> null)
                .onFailure()
                .recoverWithItem(f -> f)
                .await()
                .atMost(Duration.ofSeconds(10));
        assertInstanceOf(JobTakenOverException.class, refused);
        assertFalse(store.renewLease(instance, first).await().atMost(Duration.ofSeconds(10)));
        assertTrue(store.renewLease(instance, second).await().atMost(Duration.ofSeconds(10)));
        assertEquals("RUNNING", statusOf(job.id()));
        store.update(instance, second.finished(JobStatus.CANCELLED, "test over", Instant.now()))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    @Test
    void aReplicaCutOffLongerThanTheLeaseCannotSaveItsEndOverTheNewHolder() {
        JobRecord job = storedJob("replica-a", Duration.ZERO);
        JobRecord lost = claim("replica-a").orElseThrow();
        assertTrue(claim("replica-b").isEmpty(), "a live holder's job is not taken");
        silence(job.id(), config.jobLease().plusSeconds(5));
        JobRecord taken = claim("replica-b").orElseThrow();
        // replica-a comes back and saves what it believed: ERROR with its old counts
        JobRecord ended = JobRun.saveEnd(
                        new JobServices(store, new JobRegistry(store, 100, Duration.ofMinutes(1)), config, "replica-a"),
                        instance,
                        lost.finished(JobStatus.ERROR, "network gone", Instant.now()),
                        lost)
                .await()
                .atMost(Duration.ofSeconds(10));
        assertEquals(JobStatus.RUNNING, ended.status(), "the lost replica's end is not published");
        assertEquals("RUNNING", statusOf(job.id()));
        assertEquals(
                "replica-b",
                Sql.query("SELECT [owner] FROM [dbo].[mssql_bulk_job] WHERE [id] = @p1", job.id())
                        .get(0)
                        .getString("owner"));
        store.update(instance, taken.finished(JobStatus.CANCELLED, "test over", Instant.now()))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    @Test
    void staleIsJudgedByTheDatabasesClockNotTheReplicas() {
        JobRecord job = storedJob("replica-a", Duration.ZERO);
        // storedJob hands the store a heartbeat an hour old (replica-a's clock runs an hour slow): the database
        // writes its own time, so by the only clock that counts the job has just been heard from
        assertTrue(claim("replica-b").isEmpty());
        silence(job.id(), config.jobLease().plusSeconds(5));
        assertTrue(claim("replica-b").isPresent());
    }

    @Test
    void aRunStartsFromTheCheckpointStoredAtItsClaimNotFromAStaleQueuedCopy() throws IOException {
        JobRecord job = storedJob("replica-that-died", config.jobLease().plusSeconds(5));
        // the copy a replica read in an earlier scan, before another replica moved the job to row 40
        JobRecord stale = new JobRecord(
                job.id(),
                job.instance(),
                job.objectName(),
                job.action(),
                job.path(),
                JobStatus.CREATED,
                0,
                0,
                0,
                0,
                0,
                job.createdDate(),
                null,
                null,
                null,
                job.options(),
                job.header(),
                job.stagedFile(),
                null,
                null,
                "replica-that-died",
                job.createdDate(),
                null);
        runner.submit(instance, stale);
        Api.awaitEnd(String.valueOf(job.id()), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(ROWS))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(ROWS, Sql.count("[dbo].[resumed_items]"));
    }

    @Test
    void preferWaitOnAJobOfAnotherReplicaAnswersWhenEveryLookupIsSlowerThanThePollingPeriod() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().get();
        JobRecord job = storedJob("replica-elsewhere", Duration.ZERO);
        emulator.faults().delayReplies(Duration.ofMillis(450));
        try {
            Response reply = Api.asTest().header("Prefer", "wait=2").get(Api.BASE + "/bulk/" + job.id() + "/status");
            reply.then().statusCode(200).body("status", equalTo("RUNNING"));
        } finally {
            emulator.faults().reset();
            Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [status] = 'ERROR' WHERE [id] = " + job.id());
        }
    }

    private long lastJob;

    /** Claims the last stored job for {@code owner}; empty when someone else holds it. */
    private java.util.Optional<JobRecord> claim(String owner) {
        return store.claim(instance, lastJob, owner, config.jobLease())
                .await()
                .atMost(Duration.ofSeconds(10))
                .map(JobStore.Claim::job);
    }

    private String statusOf(long id) {
        return Sql.query("SELECT [status] FROM [dbo].[mssql_bulk_job] WHERE [id] = @p1", id)
                .get(0)
                .getString("status");
    }

    private static void silence(long id, Duration silent) {
        ResumedItems.silence(id, silent);
    }

    /** A RUNNING job of 100 rows, 40 of them committed, held by {@code owner}, silent for {@code silent}. */
    private JobRecord storedJob(String owner, Duration silent) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        long id = JobIds.next();
        Path staged = config.stagingDirectory().resolve(id + ".csv");
        try {
            Files.createDirectories(config.stagingDirectory());
            Files.writeString(staged, csv);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JobRecord job = ResumedItems.runningJob(
                id,
                "create",
                "/fenced.csv",
                ROWS,
                COMMITTED,
                new JobOptions("create", null, 10, ',', null, false, null, null),
                staged,
                owner,
                Instant.now().minus(Duration.ofHours(1)));
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        if (!silent.isZero()) {
            silence(id, silent);
        }
        lastJob = id;
        return job;
    }
}
