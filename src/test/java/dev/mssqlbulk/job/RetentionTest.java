package dev.mssqlbulk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.staging.StagingCleaner;
import dev.mssqlbulk.staging.StagingPaths;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is kept on disk and in the status tables ends: the rows of jobs ended longer ago than the retention go
 * (job, failed rows, idempotency key), those of recent or unfinished jobs stay; partial uploads a crash left in
 * incoming/ go at start, uploads still arriving stay.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class RetentionTest {

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    RetentionCleaner retention;

    @Inject
    StagingCleaner cleaner;

    @Inject
    StagingPaths staging;

    @Test
    void deletesTheRowsOfJobsEndedBeforeTheRetentionAndKeepsTheOthers() {
        Instance instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        Instant longAgo = Instant.now().minus(retention.retention()).minus(Duration.ofHours(1));
        long expired = job(instance, JobStatus.COMPLETE, longAgo, "retention-key-" + System.nanoTime());
        long recent = job(instance, JobStatus.ERROR, Instant.now(), null);
        long unfinished = job(instance, JobStatus.RUNNING, null, null);
        Sql.query(
                "INSERT INTO [dbo].[mssql_bulk_job_error] ([job_id], [row_num], [error_code], [message], [record]) "
                        + "VALUES (@p1, 1, 0, 'bad', '{}')",
                expired);

        int deleted = retention.deleteExpired(instance, Instant.now()).await().atMost(Duration.ofSeconds(10));

        assertTrue(deleted >= 1, "deleted " + deleted);
        assertEquals(0, rows("mssql_bulk_job", "id", expired));
        assertEquals(0, rows("mssql_bulk_job_error", "job_id", expired));
        assertEquals(0, rows("mssql_bulk_idempotency", "job_id", expired));
        assertEquals(1, rows("mssql_bulk_job", "id", recent));
        assertEquals(1, rows("mssql_bulk_job", "id", unfinished));
        Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [status] = 'ERROR' WHERE [id] = " + unfinished);
    }

    @Test
    void deletesPartialUploadsLeftInIncomingButNotThoseStillArriving() throws IOException {
        Path incoming = staging.root().resolve(StagingPaths.INCOMING);
        Files.createDirectories(incoming);
        Path abandoned = Files.writeString(incoming.resolve("crashed-" + System.nanoTime()), "partial");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path arriving = Files.writeString(incoming.resolve("arriving-" + System.nanoTime()), "partial");

        cleaner.deleteAbandonedIncoming(Instant.now());

        assertFalse(Files.exists(abandoned));
        assertTrue(Files.exists(arriving));
        Files.delete(arriving);
    }

    private long job(Instance instance, JobStatus status, Instant completed, String key) {
        long id = JobIds.next();
        Instant created = completed == null ? Instant.now() : completed.minusSeconds(60);
        JobOptions options = new JobOptions("create", null, 10, ',', null, false, null, null);
        JobRecord job = new JobRecord(
                id,
                "test",
                "control_items",
                "create",
                null,
                status,
                1,
                1,
                0,
                0,
                1,
                created,
                created,
                completed,
                null,
                options,
                List.of("id"),
                staging.of("test", options.stagedFileName(id)),
                null,
                key,
                "replica-alive",
                Instant.now(),
                null);
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        if (completed != null) { // insert writes what the record says; make sure the date is the one wanted
            Sql.query(
                    "UPDATE [dbo].[mssql_bulk_job] SET [completed_date] = @p1 WHERE [id] = @p2",
                    LocalDateTime.ofInstant(completed, ZoneOffset.UTC),
                    id);
        }
        return id;
    }

    private static long rows(String table, String column, long id) {
        return Sql.query("SELECT COUNT(*) AS n FROM [dbo].[" + table + "] WHERE [" + column + "] = @p1", id)
                .get(0)
                .getLong("n");
    }
}
