package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.ingest.UploadFormat;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import dev.mssqlbulk.transform.Transformation;
import dev.mssqlbulk.transform.TransformationStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job keeps the transformation it was accepted with: a replica that takes it over later maps the staged file
 * with that copy, whatever the stored transformation of the same name says by then.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class TransformedJobResumeTest {

    private static final Transformation ACCEPTED_WITH = new Transformation(
            "crm_resumed",
            "crm_people",
            List.of(
                    new Transformation.Field("Contact ID", "id", "number", null),
                    new Transformation.Field("E-mail", "email", "string", null),
                    new Transformation.Field(
                            "DOB",
                            "birth_date",
                            "date",
                            List.of(new Transformation.Configuration("date", Map.of("pattern", "dd/MM/yyyy"))))));
    /** What the stored transformation says by the time the job is resumed: US dates, other names. */
    private static final Transformation STORED_LATER = new Transformation(
            "crm_resumed",
            "crm_people",
            List.of(
                    new Transformation.Field("Key", "id", "number", null),
                    new Transformation.Field("Mail", "email", "string", null),
                    new Transformation.Field(
                            "Born",
                            "birth_date",
                            "date",
                            List.of(new Transformation.Configuration("date", Map.of("pattern", "MM/dd/yyyy"))))));

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    TransformationStore transformations;

    @Inject
    BulkConfig config;

    @Inject
    ObjectMapper json;

    @Test
    void aJobTakenOverMapsItsFileWithTheTransformationItWasAcceptedWith() throws Exception {
        Instance instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        Sql.execute("DELETE FROM [dbo].[crm_people]");
        transformations.put(instance, STORED_LATER).await().atMost(Duration.ofSeconds(10));

        long id = JobIds.next();
        Files.createDirectories(config.stagingDirectory());
        Path staged = config.stagingDirectory().resolve(id + ".csv");
        Files.writeString(staged, "DOB,Contact ID,E-mail\n31/01/1990,1,a@example.com\n28/02/1991,2,b@example.com\n");
        Instant longAgo = Instant.now().minus(config.jobLease()).minusSeconds(60);
        JobOptions options =
                new JobOptions("create", null, 10, ',', null, false, UploadFormat.CSV, null, ACCEPTED_WITH, false);
        JobRecord job = new JobRecord(
                id,
                "test",
                "crm_people",
                "create",
                null,
                JobStatus.RUNNING,
                2,
                0,
                0,
                0,
                0,
                longAgo,
                longAgo,
                null,
                null,
                options,
                List.of("birth_date", "id", "email"),
                staged,
                null,
                null,
                "replica-that-died",
                longAgo,
                null);
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        // a new job's heartbeat is the database's clock; the dead replica's last one is set back by hand
        Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [heartbeat] = DATEADD(second, -"
                + config.jobLease().plusSeconds(60).toSeconds() + ", SYSUTCDATETIME()) WHERE [id] = " + id);
        assertEquals(
                ACCEPTED_WITH,
                store.find(instance, id)
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .orElseThrow()
                        .options()
                        .transformation(),
                "the job's options keep its transformation");

        resumer.scan(instance).await().atMost(Duration.ofSeconds(10));
        Api.awaitEnd(String.valueOf(id), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(
                List.of(LocalDate.of(1990, 1, 31), LocalDate.of(1991, 2, 28)),
                Sql.query("SELECT [birth_date] FROM [dbo].[crm_people] ORDER BY [id]").stream()
                        .map(r -> r.getLocalDate("birth_date"))
                        .toList());
        transformations.delete(instance, "crm_resumed").await().atMost(Duration.ofSeconds(10));
    }
}
