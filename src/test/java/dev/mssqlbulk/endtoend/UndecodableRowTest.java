package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not UTF-8 are a bad row like any other: the row that holds them fails alone, naming its byte
 * offset, and every other row lands. Only a header that is not UTF-8 refuses the upload.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class UndecodableRowTest {

    private static final int ROWS = 20_010;
    private static final int BAD_ROW = 20_001;
    private static final byte[] FF_FE = {(byte) 0xFF, (byte) 0xFE};

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Response upload(byte[] file) {
        return Api.asTest()
                .multiPart("file", "utf8_items.csv", file, "text/csv")
                .post(Api.BASE + "/bulk/utf8_items");
    }

    /** The file: 20,010 rows, row 20,001 holding FF FE, far past any read-ahead from the start. */
    @Test
    void aRowWithBytesThatAreNotUtf8FailsAloneNamingItsRowAndByteOffset() {
        Sql.execute("DELETE FROM [dbo].[utf8_items]");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(utf8("id,label\n"));
        long offset = -1;
        for (int row = 1; row <= ROWS; row++) {
            file.writeBytes(utf8(row + ",label " + row));
            if (row == BAD_ROW) {
                offset = file.size();
                file.writeBytes(FF_FE);
            }
            file.write('\n');
        }
        Response accepted = upload(file.toByteArray());
        accepted.then().statusCode(200);
        String id = accepted.jsonPath().getString("id");

        Api.awaitEnd(id, Duration.ofSeconds(120))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsCount", equalTo(ROWS))
                .body("recordsSucceededCount", equalTo(ROWS - 1))
                .body("recordsFailedCount", equalTo(1));
        assertEquals(ROWS - 1, Sql.count("[dbo].[utf8_items]"));
        assertEquals(
                0,
                Sql.query("SELECT [id] FROM [dbo].[utf8_items] WHERE [id] = " + BAD_ROW)
                        .size());

        List<Map<String, Object>> errors = Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/errors")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertEquals(1, errors.size());
        Map<String, Object> error = errors.get(0);
        assertEquals(BAD_ROW, error.get("row"));
        assertEquals(0, error.get("errorCode"));
        assertEquals(
                "0: the row is not valid UTF-8: bytes FF FE at byte offset " + offset
                        + " cannot be decoded (shown as U+FFFD in the record)",
                error.get("status"));
        assertEquals(
                Map.of("id", String.valueOf(BAD_ROW), "label", "label " + BAD_ROW + "\uFFFD\uFFFD"),
                error.get("record"));
    }

    @Test
    void aHeaderThatIsNotUtf8IsRefusedAtUpload() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(utf8("id,lab"));
        file.writeBytes(FF_FE);
        file.writeBytes(utf8("el\n1,a\n"));
        upload(file.toByteArray())
                .then()
                .statusCode(400)
                .body(
                        "message",
                        startsWith("the file cannot be read as CSV: the header is not valid UTF-8: "
                                + "bytes FF FE at byte offset 6"));
    }
}
