package dev.mssqlbulk.endtoend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesRegex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.sqlclient.Row;
import java.io.File;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's three-command walkthrough, sent exactly as the curl commands send it. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class WalkthroughTest {

    private static final String AUTH = "Element test-element-token, User test-user-secret";

    @Test
    void walkthroughLoadsTheSampleIntoContact() throws URISyntaxException {
        given().header("Authorization", AUTH)
                .get("/elements/api-v2/hubs/marketing/objects")
                .then()
                .statusCode(200)
                .body("$", hasItem("contact"));

        File sample = new File(
                getClass().getClassLoader().getResource("demo/sample.csv").toURI());
        Response created = given().header("Authorization", AUTH)
                .multiPart("file", sample)
                .post("/elements/api-v2/hubs/marketing/bulk/contact?path=/sample.csv");
        created.then().statusCode(200).body("status", equalTo("CREATED")).body("id", matchesRegex("\\d+"));
        String id = created.jsonPath().getString("id");

        Response status = Api.awaitEnd(id, Duration.ofSeconds(30));
        status.then()
                .body("id", equalTo(id))
                .body("status", equalTo("COMPLETE"))
                .body("objectName", equalTo("contact"))
                .body("action", equalTo("create"))
                .body("path", equalTo("/sample.csv"))
                .body("recordsCount", equalTo(3))
                .body("recordsSucceededCount", equalTo(3))
                .body("recordsFailedCount", equalTo(0))
                .body("recordsUnprocessedCount", equalTo(0))
                .body("percentComplete", equalTo(100))
                .body("completedDate", matchesRegex("\\d{4}-\\d\\d-\\d\\dT.*Z"));

        List<Row> rows = Sql.query("SELECT [id], [first_name], [last_name], [email], [birth_date], [balance], [active],"
                + " [updated_at] FROM [dbo].[contact] ORDER BY [id]");
        assertEquals(3, rows.size());
        Row ada = rows.get(0);
        assertEquals("Ada", ada.getString("first_name"));
        assertEquals(LocalDate.of(1815, 12, 10), ada.getLocalDate("birth_date"));
        assertEquals(0, new BigDecimal("1024.50").compareTo(ada.getBigDecimal("balance")));
        assertEquals(true, ada.getBoolean("active"));
        assertEquals(LocalDateTime.of(2024, 5, 1, 10, 0), ada.getLocalDateTime("updated_at"));
        assertEquals(
                LocalDateTime.of(2024, 5, 1, 10, 0, 0, 125_000_000), rows.get(1).getLocalDateTime("updated_at"));
        Row grace = rows.get(2);
        assertEquals("grace@example.com", grace.getString("email"));
        assertNull(grace.getValue("balance"));
        assertEquals(false, grace.getBoolean("active"));
        assertNull(grace.getValue("updated_at"));
    }
}
