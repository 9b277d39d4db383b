package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.job.StoredLengths;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A value longer than its status-table column is a 400 naming the field, checked before anything is written
 * (not a 503 when SQL Server refuses it); a value of exactly the column's size is stored whole.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class StoredLengthsTest {

    private static final byte[] CSV = "id,label\n9501,a\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void refusesAPathLongerThanItsColumnWithA400NamingIt() {
        long jobs = Sql.count("mssql_bulk_job");

        Api.asTest()
                .queryParam("path", "/" + "p".repeat(StoredLengths.PATH))
                .multiPart("file", "c.csv", CSV, "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400)
                .body("message", containsString("'path'"))
                .body("message", containsString("1024"));

        assertEquals(jobs, Sql.count("mssql_bulk_job"), "no job was recorded");
    }

    @Test
    void storesAPathOfExactlyTheColumnsSize() {
        String path = "/" + "p".repeat(StoredLengths.PATH - 1);

        String id = Api.asTest()
                .queryParam("path", path)
                .multiPart("file", "c.csv", CSV, "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");

        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("path", equalTo(path));
    }

    @Test
    void refusesACallbackUrlLongerThanItsColumnWithA400NamingIt() {
        String url = "https://hooks.example.com/" + "c".repeat(StoredLengths.CALLBACK_URL);

        Api.asTest()
                .header("Elements-Async-Callback-Url", url)
                .multiPart("file", "c.csv", CSV, "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400)
                .body("message", containsString("Elements-Async-Callback-Url"));
        Api.asTest()
                .header("Elements-Async-Callback-Url", url)
                .queryParam("q", "select * from control_items")
                .post(Api.BASE + "/bulk/query")
                .then()
                .statusCode(400)
                .body("message", containsString("Elements-Async-Callback-Url"));
    }

    @Test
    void refusesAnIdempotencyKeyLongerThanItsColumnWithA400NamingIt() {
        Api.asTest()
                .header("Idempotency-Key", "k".repeat(StoredLengths.IDEMPOTENCY_KEY + 1))
                .multiPart("file", "c.csv", CSV, "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400)
                .body("message", containsString("Idempotency-Key"));
    }

    @Test
    void cutsServiceTextsToTheColumnWithoutSplittingACharacter() {
        assertEquals("abc", StoredLengths.fit("abc", 3));
        assertEquals(
                StoredLengths.CALLBACK_STATUS,
                StoredLengths.fit("x".repeat(5000), StoredLengths.CALLBACK_STATUS)
                        .length());
        String cut = StoredLengths.fit("ab\uD83D\uDE00cdef", 6);
        assertEquals("ab...", cut, "the emoji's two halves are kept together or dropped together");
    }
}
