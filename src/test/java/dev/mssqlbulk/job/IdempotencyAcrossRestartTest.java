package dev.mssqlbulk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An idempotency key recorded by an earlier process (only the status tables know it; this process never saw the
 * job) still returns that job, and nothing is written again.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class IdempotencyAcrossRestartTest {

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    BulkConfig config;

    @Test
    void aKeyRecordedBeforeARestartReturnsTheEarlierJob() throws Exception {
        Instance instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        Sql.execute("DELETE FROM [dbo].[control_items] WHERE [id] = 88001");
        long id = JobIds.next();
        Files.createDirectories(config.stagingDirectory());
        Path staged = Files.writeString(config.stagingDirectory().resolve(id + ".csv"), "id,label\n88001,a\n");
        Instant then = Instant.now().minusSeconds(3600);
        JobRecord earlier = new JobRecord(
                        id,
                        "test",
                        "control_items",
                        "create",
                        null,
                        JobStatus.CREATED,
                        1,
                        0,
                        0,
                        0,
                        0,
                        then,
                        null,
                        null,
                        null,
                        new JobOptions("create", null, 500, ',', null, false, null, null),
                        List.of("id", "label"),
                        staged,
                        null,
                        "key-before-restart",
                        "a-process-that-is-gone",
                        then,
                        null)
                .finished(JobStatus.COMPLETE, "1 rows succeeded, 0 failed", then);
        store.insert(instance, earlier).await().atMost(Duration.ofSeconds(10));

        String returned = Api.asTest()
                .header("Idempotency-Key", "key-before-restart")
                .multiPart("file", "c.csv", "id,label\n88001,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        assertEquals(String.valueOf(id), returned);
        assertEquals(
                0,
                Sql.query("SELECT [id] FROM [dbo].[control_items] WHERE [id] = 88001")
                        .size());
    }
}
