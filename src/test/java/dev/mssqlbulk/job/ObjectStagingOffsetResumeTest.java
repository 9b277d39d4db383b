package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.ResumePoint;
import dev.mssqlbulk.ingest.UploadFormat;
import dev.mssqlbulk.ingest.UploadSource;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.staging.StagingPaths;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.ResumedItems;
import dev.mssqlbulk.testing.S3ProxyFaultResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With object staging, a crashed job whose checkpoint is stored with its byte offset reads its object from that
 * offset (a ranged GET): the object's bytes between the header and the offset are garbage of the same length (but
 * the line break before the offset), and the job completes with exactly the rows after the checkpoint.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
@WithTestResource(S3ProxyFaultResource.class)
class ObjectStagingOffsetResumeTest {

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    StagingPaths staging;

    @Inject
    BulkConfig config;

    @Test
    void aCrashedJobReadsItsObjectFromTheStoredOffset() throws IOException {
        Instance instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        int rows = 100;
        int committed = 40;
        ResumedItems.commit(committed);
        StringBuilder csv = new StringBuilder("id,label\r\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(",\"item ").append(i).append("\"\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Path local = Files.createTempFile("crashed", ".csv");
        Files.write(local, bytes);
        ResumePoint header;
        ResumePoint checkpoint;
        try (RecordReader reader = UploadFormat.CSV.open(UploadSource.of(local), ',', false)) {
            header = reader.resumePoint();
            reader.skip(committed);
            checkpoint = reader.resumePoint();
        }
        assertNotNull(checkpoint);
        Arrays.fill(bytes, (int) header.offset(), (int) checkpoint.offset() - 1, (byte) 'x');
        Files.write(local, bytes);

        long id = JobIds.next();
        JobOptions options = new JobOptions("create", null, 10, ',', null, false, null, null);
        S3ProxyFaultResource.direct().put("test/" + options.stagedFileName(id), local);
        JobRecord job = ResumedItems.resumableAt(
                ResumedItems.runningJob(
                        id,
                        "create",
                        "/crash.csv",
                        rows,
                        committed,
                        options,
                        staging.of("test", options.stagedFileName(id)),
                        "replica-that-died",
                        Instant.now()),
                checkpoint);
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        ResumedItems.silence(id, config.jobLease().plusSeconds(5));

        resumer.scan(instance).await().atMost(Duration.ofSeconds(10));
        Api.awaitEnd(String.valueOf(id), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(rows))
                .body("recordsFailedCount", equalTo(0));
        List<Row> stored = Sql.query("SELECT [id], [label] FROM [dbo].[resumed_items] ORDER BY [id]");
        assertEquals(rows, stored.size());
        for (int i = 1; i <= rows; i++) {
            assertEquals(i, stored.get(i - 1).getInteger("id"));
            assertEquals("item " + i, stored.get(i - 1).getString("label"));
        }
    }
}
