package dev.mssqlbulk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whoever can write a tenant's database can change {@code staged_file} in the status table. The service must
 * never open that path: result files come from the path derived from the job's id and format inside the staging
 * directory, so a tampered row serves the job's own upload, or nothing (410), never the file it names.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class TamperedStagedFileTest {

    private static final String SECRET = "TOP-SECRET-outside-staging";

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    StagingPaths staging;

    private Instance instance;
    private Path secret;

    @BeforeEach
    void secretOutsideStaging() throws IOException {
        instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        secret = Files.createTempFile("mounted-secret", ".csv");
        Files.writeString(secret, "id,label\n1," + SECRET + "\n");
    }

    @AfterEach
    void removeSecret() throws IOException {
        Files.deleteIfExists(secret);
    }

    @Test
    void servesTheJobsOwnUploadWhateverStagedFileTheRowNames() throws IOException {
        long id = endedJob();
        Path own = staging.of("test", options().stagedFileName(id));
        Files.createDirectories(own.getParent());
        Files.writeString(own, "id,label\n7,own row\n");
        tamper(id, secret.toAbsolutePath().toString());

        String csv = Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/results?type=successful")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertFalse(csv.contains(SECRET), csv);
        assertEquals("id,label\r\n7,own row\r\n", csv.replace("\r\n", "\n").replace("\n", "\r\n"));
    }

    @Test
    void answers410InsteadOfOpeningTheNamedFileWhenTheUploadIsGone() {
        long id = endedJob();
        tamper(id, "../../../../" + secret.toAbsolutePath());

        String body = Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/results?type=unprocessed")
                .then()
                .statusCode(410)
                .extract()
                .asString();

        assertFalse(body.contains(SECRET), body);
        assertFalse(body.contains(secret.getFileName().toString()), "no path in the reply: " + body);
    }

    @Test
    void derivesEveryStagedPathInsideTheStagingRoot() {
        Path upload = staging.of("test", options().stagedFileName(42));
        Path result =
                staging.of("test", JobOptions.forQuery("select * from t", 10).stagedFileName(43));
        Path odd = staging.of("../Odd Name", options().stagedFileName(44));

        assertEquals(staging.root().resolve("test").resolve("42.csv"), upload);
        assertEquals(staging.root().resolve("test").resolve("43.result.jsonl"), result);
        assertEquals(staging.root(), odd.getParent().getParent(), "an instance name is never a path: " + odd);
        assertEquals(staging.root(), staging.instanceDirectory("incoming").getParent());
        assertTrue(
                !staging.instanceDirectory("incoming").getFileName().toString().equals("incoming"));
    }

    /** A COMPLETE job of one row (row 1 succeeded) recorded straight in the status table, as another replica would. */
    private long endedJob() {
        long id = JobIds.next();
        Instant now = Instant.now();
        JobRecord job = new JobRecord(
                id,
                "test",
                "control_items",
                "create",
                "/own.csv",
                JobStatus.COMPLETE,
                1,
                1,
                0,
                0,
                1,
                now,
                now,
                now,
                null,
                options(),
                List.of("id", "label"),
                staging.of("test", options().stagedFileName(id)),
                null,
                null,
                "replica-elsewhere",
                now,
                null);
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        return id;
    }

    private static JobOptions options() {
        return new JobOptions("create", null, 10, ',', null, false, null, null);
    }

    private static void tamper(long id, String stagedFile) {
        Sql.query("UPDATE [dbo].[mssql_bulk_job] SET [staged_file] = @p1 WHERE [id] = @p2", stagedFile, id);
    }
}
