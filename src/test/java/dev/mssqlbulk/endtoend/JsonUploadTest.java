package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON arrays and JSON Lines load like CSV: same conversion, isolation and error reporting. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class JsonUploadTest {

    private static final String ARRAY = """
            [{"id": 1, "label": "one", "amount": 1.5},
             {"id": 2, "label": "two", "amount": null},
             {"id": 3, "label": {"nested": true}, "amount": 3},
             {"id": 4, "label": "four", "amount": "abc"},
             {"id": 5, "label": "five"}]""";
    private static final String LINES = """
            {"id": 1, "label": "one", "amount": 1.5}
            {"id": 2, "label": "two", "amount": null}
            {"id": 3, "label": {"nested": true}, "amount": 3}
            {"id": 4, "label": "four", "amount": "abc"}

            {"id": 5, "label": "five"}
            """;

    @BeforeEach
    void emptyTable() {
        Sql.execute("DELETE FROM [dbo].[option_items]");
    }

    static Stream<Arguments> forms() {
        return Stream.of(
                Arguments.of("items.json", "application/json", ARRAY),
                Arguments.of("items.json", "application/octet-stream", ARRAY),
                Arguments.of("items.jsonl", "application/octet-stream", LINES),
                Arguments.of("upload", "application/x-ndjson", LINES));
    }

    @ParameterizedTest(name = "[{index}] {0} as {1}")
    @MethodSource("forms")
    void loadsJsonRowsAndFailsNestedOrUnconvertibleOnes(String fileName, String contentType, String body) {
        String id = Api.asTest()
                .multiPart("file", fileName, body.getBytes(StandardCharsets.UTF_8), contentType)
                .post(Api.BASE + "/bulk/option_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsCount", equalTo(5))
                .body("recordsSucceededCount", equalTo(3))
                .body("recordsFailedCount", equalTo(2));
        Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/errors")
                .then()
                .body("row", equalTo(List.of(3, 4)))
                .body("[0].status", containsString("'label'"))
                .body("[0].status", containsString("nested"))
                .body("[1].status", containsString("'abc'"));
        assertEquals(
                0,
                new BigDecimal("1.50")
                        .compareTo(Sql.query("SELECT [amount] FROM [dbo].[option_items] WHERE [id] = 1")
                                .get(0)
                                .getBigDecimal("amount")));
        assertEquals(
                List.of(1, 2, 5),
                Sql.query("SELECT [id] FROM [dbo].[option_items] ORDER BY [id]").stream()
                        .map(r -> r.getInteger("id"))
                        .toList());
    }

    @Test
    void malformedJsonIsRefusedAtUpload() {
        Api.asTest()
                .multiPart("file", "bad.json", "[{\"id\": 1,, }]".getBytes(StandardCharsets.UTF_8), "application/json")
                .post(Api.BASE + "/bulk/option_items")
                .then()
                .statusCode(400)
                .body("message", containsString("JSON"));
    }
}
