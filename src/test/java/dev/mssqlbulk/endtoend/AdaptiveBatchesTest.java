package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service sizes an upload's batches itself: here from 2 rows, doubling while batches commit clean, up to 8, and
 * never more than 8 KiB of upload text in one batch, whatever {@code bulkUploadRecordSize} the client sends; which
 * rows succeed and fail is the same as with the client's batches. Batches are counted as the emulator's bulk loads
 * (instance test bulk-copies).
 */
@QuarkusTest
@TestProfile(AdaptiveBatchesTest.Adaptive.class)
@WithTestResource(MssqlTestResource.class)
class AdaptiveBatchesTest {

    public static class Adaptive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mssql-bulk.batch.adaptive", "true",
                    "mssql-bulk.batch.initial-rows", "2",
                    "mssql-bulk.batch.max-rows", "8",
                    "mssql-bulk.batch.max-bytes", "8K",
                    "mssql-bulk.batch.target-duration", "60S");
        }
    }

    @BeforeEach
    void emptyTable() {
        Sql.execute("DELETE FROM [dbo].[adaptive_items]");
    }

    @Test
    void batchesGrowFromTheInitialSizeToTheMaximumWhateverTheClientAsks() {
        long loads = bulkLoads();
        String id = Api.upload("adaptive_items", rows(40, 10, List.of()), "{\"bulkUploadRecordSize\": 1}");
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(40));
        assertEquals(40, Sql.count("[dbo].[adaptive_items]"));
        // 2, 2, 4, 4, 8, 8, 8 and the last 4: eight bulk loads where the client's size would have taken 40 (a batch
        // is read while the one before it is written, so each new size shows one batch late)
        assertEquals(8, bulkLoads() - loads);
    }

    @Test
    void theRowsThatFailAreTheBadRowsWhateverTheBatches() {
        String id = Api.upload("adaptive_items", rows(40, 10, List.of(3, 17, 40)), "{\"bulkUploadRecordSize\": 5000}");
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(37))
                .body("recordsFailedCount", equalTo(3));
        Response errors = Api.asTest().get(Api.BASE + "/bulk/" + id + "/errors");
        assertEquals(List.of(3, 17, 40), errors.jsonPath().getList("row"));
        assertEquals(37, Sql.count("[dbo].[adaptive_items]"));
    }

    /**
     * A bulk-copied batch waits in memory without its rows' text; when the server refuses it, the batch is read again
     * from the upload to be decided row by row, so each failed row still shows the text it was sent with (here keys
     * written {@code 01}, converted to 1), in batches that start after quoted line breaks.
     */
    @Test
    void aRefusedBatchIsReadAgainSoItsFailedRowsShowTheTextTheyWereSentWith() {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int row = 1; row <= 30; row++) {
            String key = row == 13 || row == 29 ? "01" : Integer.toString(row);
            csv.append(key).append(",\"line one of ").append(row).append("\nline two, quoted\"\n");
        }
        String id = Api.upload("adaptive_items", csv.toString(), null);
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(28))
                .body("recordsFailedCount", equalTo(2));
        assertFailedRowsShowTheirText(
                id, Map.of(13, "line one of 13\nline two, quoted", 29, "line one of 29\nline two, quoted"));
        assertEquals(
                "line one of 30\nline two, quoted",
                Sql.query("SELECT [label] FROM [dbo].[adaptive_items] WHERE [id] = 30")
                        .get(0)
                        .getString("label"));
    }

    @Test
    void aRefusedJsonLinesBatchIsReadAgainSoItsFailedRowsShowTheTextTheyWereSentWith() {
        StringBuilder lines = new StringBuilder();
        for (int row = 1; row <= 30; row++) {
            String key = row == 13 || row == 29 ? "\"01\"" : Integer.toString(row);
            lines.append("{\"id\": ")
                    .append(key)
                    .append(", \"label\": \"row ")
                    .append(row)
                    .append("\"}\n");
        }
        Response upload = Api.asTest()
                .multiPart(
                        "file",
                        "items.jsonl",
                        lines.toString().getBytes(StandardCharsets.UTF_8),
                        "application/x-ndjson")
                .post(Api.BASE + "/bulk/adaptive_items");
        upload.then().statusCode(200);
        String id = upload.jsonPath().getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(28))
                .body("recordsFailedCount", equalTo(2));
        assertFailedRowsShowTheirText(id, Map.of(13, "row 13", 29, "row 29"));
    }

    /** The job's failed rows are exactly these, each with its key as sent ({@code 01}) and its label. */
    private static void assertFailedRowsShowTheirText(String id, Map<Integer, String> labels) {
        Response errors = Api.asTest().get(Api.BASE + "/bulk/" + id + "/errors");
        List<Map<String, Object>> items = errors.jsonPath().getList("$");
        assertEquals(
                List.copyOf(new TreeSet<>(labels.keySet())),
                items.stream().map(i -> i.get("row")).toList());
        for (Map<String, Object> item : items) {
            assertEquals(
                    Map.of("id", "01", "label", labels.get((Integer) item.get("row"))),
                    item.get("record"),
                    "record of row " + item.get("row"));
        }
    }

    @Test
    void wideRowsEndABatchAtItsByteBound() {
        long loads = bulkLoads();
        // each row holds about 6 KiB of text: the second row of a batch reaches the 8 KiB bound and ends it
        String id = Api.upload("adaptive_items", rows(12, 3000, List.of()), null);
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(12));
        assertEquals(6, bulkLoads() - loads);
        assertTrue(Sql.query("SELECT [label] FROM [dbo].[adaptive_items] WHERE [id] = 12")
                        .get(0)
                        .getString("label")
                        .length()
                == 3000);
    }

    /** {@code count} rows with labels of {@code width} characters; the rows in {@code bad} repeat the first key. */
    private static String rows(int count, int width, List<Integer> bad) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int row = 1; row <= count; row++) {
            int id = bad.contains(row) ? 1 : row;
            String label = ("row " + row + " ").repeat(width).substring(0, width);
            csv.append(id).append(',').append(label).append('\n');
        }
        return csv.toString();
    }

    private static long bulkLoads() {
        return MssqlTestResource.emulator().orElseThrow().faults().bulkLoadsExecuted();
    }
}
