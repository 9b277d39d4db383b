package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 1,000-row upload with a few bad rows, at the default batch size: only the bad rows fail. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class RowIsolationTest {

    /** Bad rows by 1-based data row: the CSV line, the error number expected, and a part of the message. */
    private static final Map<Integer, Object[]> BAD = Map.of(
            100, new Object[] {"50,duplicate of row 50,30,2000-01-01,1.00", 2627, "duplicate key"},
            200, new Object[] {"200,,30,2000-01-01,1.00", 0, "does not allow nulls"},
            300, new Object[] {"300," + "x".repeat(21) + ",30,2000-01-01,1.00", 0, "21 characters"},
            400, new Object[] {"400,person 400,abc,2000-01-01,1.00", 0, "'abc'"},
            500, new Object[] {"500,person 500,30,2024-02-30,1.00", 0, "2024-02-30"},
            600, new Object[] {"600,person 600,30,2000-01-01,12345.678", 0, "12345.678"},
            1000, new Object[] {"1,duplicate of row 1,30,2000-01-01,1.00", 2627, "duplicate key"});

    private static String jobId;

    /** Uploads once for all tests of the class (JUnit's BeforeAll would run before the application is up). */
    @BeforeEach
    synchronized void upload() {
        if (jobId != null) {
            return;
        }
        StringBuilder csv = new StringBuilder("id,name,age,born,score\n");
        for (int row = 1; row <= 1000; row++) {
            Object[] bad = BAD.get(row);
            csv.append(
                            bad != null
                                    ? bad[0]
                                    : row + ",person " + row + "," + (row % 90) + ",1990-05-17," + (row % 1000) + ".25")
                    .append('\n');
        }
        jobId = Api.upload("people", csv.toString(), null);
    }

    @Test
    void everyGoodRowLandsAndCountsAddUp() {
        Api.awaitEnd(jobId, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsCount", equalTo(1000))
                .body("recordsSucceededCount", equalTo(993))
                .body("recordsFailedCount", equalTo(7))
                .body("recordsUnprocessedCount", equalTo(0));
        assertEquals(993, Sql.count("[dbo].[people]"));
        assertEquals(
                "person 50",
                Sql.query("SELECT [name] FROM [dbo].[people] WHERE [id] = 50")
                        .get(0)
                        .getString("name"));
        assertEquals(
                0,
                Sql.query("SELECT [id] FROM [dbo].[people] WHERE [id] IN (200, 300, 400, 500, 600)")
                        .size());
    }

    @Test
    void errorsNameExactlyTheBadRowsWithRecordCodeAndMessage() {
        Api.awaitEnd(jobId, Duration.ofSeconds(60));
        Response errors = Api.asTest().get(Api.BASE + "/bulk/" + jobId + "/errors");
        errors.then().statusCode(200).header("Elements-Returned-Count", "7");
        List<Map<String, Object>> items = errors.jsonPath().getList("$");
        assertEquals(
                List.of(100, 200, 300, 400, 500, 600, 1000),
                items.stream().map(i -> i.get("row")).toList());
        for (Map<String, Object> item : items) {
            Object[] bad = BAD.get((Integer) item.get("row"));
            assertEquals(bad[1], item.get("errorCode"), "errorCode of row " + item.get("row"));
            String status = (String) item.get("status");
            assertTrue(status.startsWith(bad[1] + ": "), status);
            assertTrue(status.toLowerCase().contains(((String) bad[2]).toLowerCase()), status);
            @SuppressWarnings("unchecked")
            Map<String, String> record = (Map<String, String>) item.get("record");
            assertEquals(((String) bad[0]).split(",", -1)[0], record.get("id"));
            assertEquals(List.of("id", "name", "age", "born", "score"), List.copyOf(record.keySet()));
        }
    }

    @Test
    void errorsPageWithTheNextPageToken() {
        Api.awaitEnd(jobId, Duration.ofSeconds(60));
        Response first = Api.asTest().queryParam("pageSize", 4).get(Api.BASE + "/bulk/" + jobId + "/errors");
        first.then().statusCode(200).header("Elements-Returned-Count", "4");
        String token = first.getHeader("Elements-Next-Page-Token");
        Response second = Api.asTest()
                .queryParam("pageSize", 4)
                .queryParam("nextPage", token)
                .get(Api.BASE + "/bulk/" + jobId + "/errors");
        second.then().statusCode(200).header("Elements-Returned-Count", "3");
        assertEquals(List.of(500, 600, 1000), second.jsonPath().getList("row"));
        assertNull(second.getHeader("Elements-Next-Page-Token"));
    }

    @Test
    void errorsAsCsvComeBackInTheUploadsColumnsReadyToFix() {
        Api.awaitEnd(jobId, Duration.ofSeconds(60));
        String csv = Api.asTest()
                .accept("text/csv")
                .get(Api.BASE + "/bulk/" + jobId + "/errors")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> lines = csv.lines().toList();
        assertEquals("id,name,age,born,score,error", lines.get(0));
        assertEquals(8, lines.size());
        assertTrue(lines.get(1).startsWith("50,duplicate of row 50,30,2000-01-01,1.00,2627: "), lines.get(1));
        assertTrue(lines.get(4).startsWith("400,person 400,abc,2000-01-01,1.00,0: "), lines.get(4));
    }
}
