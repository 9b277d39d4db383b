package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The metaData options columnDelimiter, maxErrors and dryRun. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class UploadOptionsTest {

    @BeforeEach
    void emptyTable() {
        Sql.execute("DELETE FROM [dbo].[option_items]");
    }

    static Stream<Arguments> delimiters() {
        return Stream.of(
                Arguments.of("COMMA", ","),
                Arguments.of("SEMICOLON", ";"),
                Arguments.of("TAB", "\t"),
                Arguments.of("PIPE", "|"),
                Arguments.of("CARET", "^"),
                Arguments.of("BACKQUOTE", "`"),
                Arguments.of(";", ";"),
                Arguments.of("tab", "\t"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("delimiters")
    void readsEachNamedDelimiter(String name, String delimiter) {
        String csv = String.join(delimiter, "id", "label", "amount") + "\n"
                + String.join(delimiter, "1", "\"a" + delimiter + "b\"", "1.50") + "\n";
        String id = Api.upload("option_items", csv, "{\"columnDelimiter\":\"" + name + "\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(1));
        assertEquals(
                "a" + delimiter + "b",
                Sql.query("SELECT [label] FROM [dbo].[option_items] WHERE [id] = 1")
                        .get(0)
                        .getString("label"));
    }

    @Test
    /** Rows 50 to 54 are bad; the batch of rows 51-60 takes the failures past 2, and the job stops after it. */
    void maxErrorsEndsTheJobInErrorOnceExceededKeepingWhatCommitted() {
        StringBuilder csv = new StringBuilder("id,label,amount\n");
        for (int i = 1; i <= 100; i++) {
            csv.append(i)
                    .append(",item,")
                    .append(i >= 50 && i < 55 ? "lots" : "1.00")
                    .append('\n');
        }
        String id = Api.upload("option_items", csv.toString(), "{\"maxErrors\":2,\"bulkUploadRecordSize\":10}");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("ERROR"))
                .body("statusMessage", containsString("maxErrors 2"))
                .body("recordsSucceededCount", equalTo(55))
                .body("recordsFailedCount", equalTo(5))
                .body("recordsUnprocessedCount", equalTo(40));
        assertEquals(55, Sql.count("[dbo].[option_items]"));
    }

    @Test
    void dryRunValidatesEveryRowAndWritesNothing() {
        String csv = "id,label,amount\n1,ok,1.00\n2,,2.00\n3,ok,abc\n4," + "x".repeat(41) + ",1\n5,ok,1234567.1\n";
        String id = Api.upload("option_items", csv, "{\"dryRun\":true}");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(1))
                .body("recordsFailedCount", equalTo(4))
                .body("statusMessage", containsString("dry run"));
        List<Integer> failedRows = Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/errors")
                .jsonPath()
                .getList("row");
        assertEquals(List.of(2, 3, 4, 5), failedRows);
        assertEquals(0, Sql.count("[dbo].[option_items]"));
    }
}
