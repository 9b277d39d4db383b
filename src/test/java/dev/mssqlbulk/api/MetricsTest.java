package dev.mssqlbulk.api;

import dev.mssqlbulk.emulator.MssqlTestResource;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        double written = metric("mssqlbulk_rows_written_total", "action=\"create\",instance=\"test\",writer=\"" + WRITER + "\"");
        double failed = metric("mssqlbulk_rows_failed_total", "action=\"create\",instance=\"test\",writer=\"" + WRITER + "\"");
        double batches = metric("mssqlbulk_batch_duration_seconds_count", "instance=\"test\"");
        double completed = metric("mssqlbulk_jobs_ended_total", "instance=\"test\",status=\"COMPLETE\"");
        double bytes = metric("mssqlbulk_upload_bytes_total", "instance=\"test\"");
        double callbacks = metric("mssqlbulk_callback_attempts_total", "instance=\"test\",outcome=\"failed\"");

        String id = Api.asTest().header("Elements-Async-Callback-Url", "http://127.0.0.1:9/nobody-listens")
                .multiPart("file", "m.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("metaData", "{\"bulkUploadRecordSize\":2}", "application/json")
                .post(Api.BASE + "/bulk/option_items").then().statusCode(200).extract().jsonPath().getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30));

        assertEquals(written + 2, metric("mssqlbulk_rows_written_total", "action=\"create\",instance=\"test\",writer=\"" + WRITER + "\""));
        assertEquals(failed + 1, metric("mssqlbulk_rows_failed_total", "action=\"create\",instance=\"test\",writer=\"" + WRITER + "\""));
        assertEquals(batches + 2, metric("mssqlbulk_batch_duration_seconds_count", "instance=\"test\""));
        assertEquals(completed + 1, metric("mssqlbulk_jobs_ended_total", "instance=\"test\",status=\"COMPLETE\""));
        assertEquals(bytes + csv.length(), metric("mssqlbulk_upload_bytes_total", "instance=\"test\""));
        for (int i = 0; i < 100 && metric("mssqlbulk_callback_attempts_total",
                "instance=\"test\",outcome=\"failed\"") == callbacks; i++) {
            Api.sleep(50);
        }
        assertTrue(metric("mssqlbulk_callback_attempts_total", "instance=\"test\",outcome=\"failed\"") > callbacks);
        String text = given().get("/q/metrics").asString();
        assertTrue(text.contains("mssqlbulk_jobs_active{status=\"RUNNING\"}"), "active jobs gauge");
    }

    /** The value of a Prometheus sample with exactly these labels, 0 when it is not there yet. */
    private static double metric(String name, String labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
