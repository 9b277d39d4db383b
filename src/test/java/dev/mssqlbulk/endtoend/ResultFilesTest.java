package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.staging.StagingCleaner;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Result files in the upload's own columns. The job stops early (maxErrors 0, batches of 2): row 3 fails, rows
 * 1, 2 and 4 succeed, rows 5 to 8 are never reached.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class ResultFilesTest {

    private static final String CSV = "id,label,amount\n1,one,1\n2,\"two, quoted\",2\n3,three,abc\n4,four,4\n"
            + "5,five,5\n6,six,6\n7,seven,7\n8,eight,8\n";

    @Inject
    StagingCleaner cleaner;

    private String id;

    @BeforeEach
    void stoppedJob() {
        Sql.execute("DELETE FROM [dbo].[option_items]");
        id = Api.upload("option_items", CSV, "{\"maxErrors\":0,\"bulkUploadRecordSize\":2}");
        Api.awaitEnd(id, Duration.ofSeconds(30));
    }

    @Test
    void successfulRowsComeBackAsUploaded() {
        assertEquals(List.of("id,label,amount", "1,one,1", "2,\"two, quoted\",2", "4,four,4"), lines("successful"));
    }

    @Test
    void failedRowsComeBackWithTheirError() {
        List<String> failed = lines("failed");
        assertEquals("id,label,amount,error", failed.get(0));
        assertEquals(2, failed.size());
        assertTrue(failed.get(1).startsWith("3,three,abc,\"0: column 'amount'"), failed.get(1));
    }

    @Test
    void unprocessedRowsAreTheOnesNeverReached() {
        assertEquals(List.of("id,label,amount", "5,five,5", "6,six,6", "7,seven,7", "8,eight,8"), lines("unprocessed"));
    }

    @Test
    void anUnknownTypeIs400() {
        Api.asTest()
                .queryParam("type", "everything")
                .get(Api.BASE + "/bulk/" + id + "/results")
                .then()
                .statusCode(400)
                .body("message", containsString("successful"));
    }

    @Test
    void afterTheRetentionTheUploadIsDeletedAndItsResultsAreGone() {
        assertTrue(cleaner.deleteExpired(Instant.now().plus(Duration.ofDays(4))) >= 1);
        Api.asTest()
                .queryParam("type", "successful")
                .get(Api.BASE + "/bulk/" + id + "/results")
                .then()
                .statusCode(410)
                .body("message", containsString("retention"));
        assertEquals(2, lines("failed").size(), "failed rows live in the status tables and stay");
    }

    private List<String> lines(String type) {
        return Api.asTest()
                .queryParam("type", type)
                .get(Api.BASE + "/bulk/" + id + "/results")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .toList();
    }
}
