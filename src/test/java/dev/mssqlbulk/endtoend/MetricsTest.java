package dev.mssqlbulk.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.Management;
import dev.mssqlbulk.testing.Metrics;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /q/metrics counts what a job did: rows written and failed, batches, the job's end, staged bytes, callbacks. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class MetricsTest {

    /** The writer of instance test's creates (write-mode auto). */
    private static final String WRITER = "bulk-copy";

    @Test
    void aJobsWorkShowsInTheMetrics() {
        Sql.execute("DELETE FROM [dbo].[option_items]");
        String csv = "id,label,amount\n1,a,1\n2,b,oops\n3,c,3\n";
        String created = "action=\"create\",instance=\"test\",writer=\"" + WRITER + "\"";
        double written = Metrics.sample("mssqlbulk_rows_written_total", created);
        double failed = Metrics.sample("mssqlbulk_rows_failed_total", created);
        double batches = Metrics.sample("mssqlbulk_batch_duration_seconds_count", "instance=\"test\"");
        double completed = Metrics.sample("mssqlbulk_jobs_ended_total", "instance=\"test\",status=\"COMPLETE\"");
        double bytes = Metrics.sample("mssqlbulk_upload_bytes_total", "instance=\"test\"");
        double callbacks = Metrics.sample("mssqlbulk_callback_attempts_total", "instance=\"test\",outcome=\"failed\"");

        String id = Api.asTest()
                .header("Elements-Async-Callback-Url", "http://127.0.0.1:9/nobody-listens")
                .multiPart("file", "m.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("metaData", "{\"bulkUploadRecordSize\":2}", "application/json")
                .post(Api.BASE + "/bulk/option_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30));

        assertEquals(written + 2, Metrics.sample("mssqlbulk_rows_written_total", created));
        assertEquals(failed + 1, Metrics.sample("mssqlbulk_rows_failed_total", created));
        assertEquals(batches + 2, Metrics.sample("mssqlbulk_batch_duration_seconds_count", "instance=\"test\""));
        assertEquals(
                completed + 1, Metrics.sample("mssqlbulk_jobs_ended_total", "instance=\"test\",status=\"COMPLETE\""));
        assertEquals(bytes + csv.length(), Metrics.sample("mssqlbulk_upload_bytes_total", "instance=\"test\""));
        for (int i = 0;
                i < 100
                        && Metrics.sample("mssqlbulk_callback_attempts_total", "instance=\"test\",outcome=\"failed\"")
                                == callbacks;
                i++) {
            Api.sleep(50);
        }
        assertTrue(Metrics.sample("mssqlbulk_callback_attempts_total", "instance=\"test\",outcome=\"failed\"")
                > callbacks);
        String text = Management.request().get("/metrics").asString();
        assertTrue(text.contains("mssqlbulk_jobs_active{status=\"RUNNING\"}"), "active jobs gauge");
    }
}
