package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An upload over mssql-bulk.max-upload-size (here 64K) is a 413 with a JSON message, and creates no job. */
@QuarkusTest
@TestProfile(UploadSizeLimitTest.SmallLimit.class)
@WithTestResource(MssqlTestResource.class)
class UploadSizeLimitTest {

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mssql-bulk.max-upload-size", "64K");
        }
    }

    @Test
    void anUploadOverTheLimitIs413WithAJsonMessageAndNoJob() {
        long jobsBefore = Sql.count("[dbo].[mssql_bulk_job]");
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; csv.length() < 100_000; i++) {
            csv.append(i).append(",label number ").append(i).append('\n');
        }
        Api.asTest()
                .multiPart("file", "big.csv", csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(413)
                .contentType("application/json")
                .body("message", containsString("64K"));
        assertEquals(jobsBefore, Sql.count("[dbo].[mssql_bulk_job]"));
    }

    @Test
    void anUploadUnderTheLimitIsAccepted() {
        Api.asTest()
                .multiPart("file", "small.csv", "id,label\n77001,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(200);
    }
}
