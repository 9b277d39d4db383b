package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** GET /bulk/query/check: the checks of POST /bulk/query, without a job. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class QueryCheckTest {

    @Test
    void aQueryIsCheckedWithoutAJobNamingItsFieldsOrItsMistakeAndPosition() {
        long jobsBefore = Sql.count("[dbo].[mssql_bulk_job]");
        Api.asTest()
                .queryParam("q", "select label, id from console_items where id > 1")
                .get(Api.BASE + "/bulk/query/check")
                .then()
                .statusCode(200)
                .body("objectName", org.hamcrest.Matchers.equalTo("console_items"))
                .body("fields", org.hamcrest.Matchers.contains("label", "id"));
        Api.asTest()
                .queryParam("q", "select id from console_items order id")
                .get(Api.BASE + "/bulk/query/check")
                .then()
                .statusCode(400)
                .body("message", containsString("at position 36"));
        Api.asTest()
                .queryParam("q", "select nope from console_items")
                .get(Api.BASE + "/bulk/query/check")
                .then()
                .statusCode(400)
                .body("message", containsString("nope"))
                .body("message", containsString("position 8"));
        assertEquals(jobsBefore, Sql.count("[dbo].[mssql_bulk_job]"), "no job was started");
    }
}
