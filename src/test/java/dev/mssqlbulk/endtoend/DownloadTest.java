package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Download jobs: a query runs as a job and its rows come back as CSV, JSON or JSON Lines. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class DownloadTest {

    @jakarta.inject.Inject
    dev.mssqlbulk.staging.StagingCleaner cleaner;

    private static final List<String> HEADER = List.of(
            "id",
            "tiny",
            "small",
            "big",
            "flag",
            "amount",
            "ratio",
            "ratio_real",
            "day",
            "clock",
            "stamp",
            "legacy_stamp",
            "zoned",
            "uid",
            "code",
            "ascii_text",
            "text",
            "blob",
            "identity_like");
    private static final List<List<String>> ROWS = List.of(
            List.of(
                    "1",
                    "255",
                    "-32768",
                    "9223372036854775807",
                    "true",
                    "12345.6789",
                    "0.1",
                    "1.5",
                    "2024-02-29",
                    "13:45:30.1234567",
                    "2024-05-01T10:00:00.1234567",
                    "2024-05-01T10:00:00",
                    "2024-05-01T10:00:00+02:00",
                    "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                    "abc",
                    "he said \"hi\", then",
                    "Zürich ✓ 日本\nsecond line",
                    "0xDEADBEEF",
                    "7"),
            List.of("2", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""));

    @Test
    void aTableUploadedFromCsvDownloadsAsTheSameValues() throws Exception {
        Sql.execute("DELETE FROM [dbo].[typed_values]");
        String upload = Api.upload("typed_values", csv(HEADER, ROWS), null);
        Api.awaitEnd(upload, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(2));

        String id = startQuery("select * from typed_values order by id");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("action", equalTo("query"))
                .body("recordsCount", equalTo(2));
        String body = Api.asTest()
                .accept("text/csv")
                .get(Api.BASE + "/bulk/" + id + "/typed_values")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        List<List<String>> records = new ArrayList<>();
        for (CsvRecord record : CsvReader.builder().ofCsvRecord(body)) {
            records.add(record.getFields());
        }
        assertEquals(HEADER, records.get(0));
        assertEquals(ROWS, records.subList(1, records.size()));
    }

    @Test
    void jsonAndJsonLinesKeepTypesAndNulls() {
        Sql.execute("DELETE FROM [dbo].[typed_values]");
        Api.awaitEnd(Api.upload("typed_values", csv(HEADER, ROWS), null), Duration.ofSeconds(30));
        String id = startQuery("select id, big, flag, amount, text, identity_like from typed_values order by id");
        Api.awaitEnd(id, Duration.ofSeconds(30));
        JsonPath json = Api.asTest()
                .accept("application/json")
                .get(Api.BASE + "/bulk/" + id + "/typed_values")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2, json.getList("$").size());
        assertEquals(9223372036854775807L, json.getLong("[0].big"));
        assertEquals(true, json.getBoolean("[0].flag"));
        assertEquals("Zürich ✓ 日本\nsecond line", json.getString("[0].text"));
        assertNull(json.get("[1].identity_like"));
        List<String> lines = Api.asTest()
                .accept("application/x-ndjson")
                .get(Api.BASE + "/bulk/" + id + "/typed_values")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .toList();
        assertEquals(2, lines.size());
        assertEquals(Map.of("id", 2), Map.of("id", JsonPath.from(lines.get(1)).getInt("id")));
    }

    @Test
    void whereOrderByAndLimitSelectTheRows() {
        Sql.execute("DELETE FROM [dbo].[accounts]");
        Sql.execute("INSERT INTO [dbo].[accounts] ([id], [name], [balance]) VALUES (1, N'a', 1), (2, N'b', 20), "
                + "(3, N'c', 30), (4, N'd', NULL), (5, N'e''s', 50)");
        String id = startQuery("select id, name from accounts where balance > 10 and not name = 'c' or name like 'e%' "
                + "order by id desc limit 2");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsCount", equalTo(2));
        JsonPath rows = Api.asTest()
                .accept("application/json")
                .get(Api.BASE + "/bulk/" + id + "/accounts")
                .jsonPath();
        assertEquals(List.of(5, 2), rows.getList("id"));
        assertEquals("e's", rows.getString("[0].name"));
    }

    @Test
    void aLargeTableDownloadsEveryRowOnceInKeyOrderAcrossPages() {
        Sql.execute("DELETE FROM [dbo].[control_items]");
        for (int chunk = 0; chunk < 3; chunk++) {
            StringBuilder values = new StringBuilder();
            for (int i = chunk * 900 + 1; i <= Math.min(2500, chunk * 900 + 900); i++) {
                values.append(values.isEmpty() ? "" : ", ")
                        .append("(")
                        .append(i)
                        .append(", N'item ")
                        .append(i)
                        .append("')");
            }
            Sql.execute("INSERT INTO [dbo].[control_items] ([id], [label]) VALUES " + values);
        }
        String id = startQuery("select * from control_items");
        Api.awaitEnd(id, Duration.ofSeconds(60)).then().body("recordsCount", equalTo(2500));
        List<String> lines = Api.asTest()
                .accept("application/x-ndjson")
                .get(Api.BASE + "/bulk/" + id + "/control_items")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .toList();
        assertEquals(2500, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, JsonPath.from(lines.get(i)).getInt("id"));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "selec * from accounts|position 1",
                "select nope from accounts|'nope'",
                "select * from nothing_here|'nothing_here'",
                "select * from accounts where|position",
                "select * from accounts limit -1|limit"
            })
    void aBadQueryIs400NamingTheTokenAndPosition(String query, String says) {
        Api.asTest()
                .queryParam("q", query)
                .post(Api.BASE + "/bulk/query")
                .then()
                .statusCode(400)
                .body("message", containsString(says));
    }

    @Test
    void aDownloadNotCompleteYetIs409() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        emulator.faults().delayReplies(Duration.ofMillis(300));
        try {
            String id = startQuery("select * from accounts");
            Api.asTest()
                    .accept("text/csv")
                    .get(Api.BASE + "/bulk/" + id + "/accounts")
                    .then()
                    .statusCode(409)
                    .body("message", containsString("COMPLETE"));
        } finally {
            emulator.faults().reset();
        }
    }

    @Test
    void aQueryJobIsListedCancelledAndItsResultExpiresLikeAnUploads() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        fillControlItems(900);

        String done = startQuery("select id from control_items where id <= 3");
        Api.awaitEnd(done, Duration.ofSeconds(30));
        Api.asTest()
                .queryParam("pageSize", 1)
                .get(Api.BASE + "/bulk/jobs")
                .then()
                .body("[0].id", equalTo(done))
                .body("[0].action", equalTo("query"));
        cleaner.deleteExpired(java.time.Instant.now().plus(Duration.ofDays(4)));
        Api.asTest()
                .accept("text/csv")
                .get(Api.BASE + "/bulk/" + done + "/control_items")
                .then()
                .statusCode(410);

        emulator.faults().delayReplies(Duration.ofMillis(200));
        try {
            String running = startQuery("select * from control_items");
            Api.asTest().put(Api.BASE + "/bulk/" + running + "/cancel").then().statusCode(200);
            emulator.faults().reset();
            Api.awaitEnd(running, Duration.ofSeconds(30)).then().body("status", equalTo("CANCELLED"));
            Api.asTest()
                    .accept("text/csv")
                    .get(Api.BASE + "/bulk/" + running + "/control_items")
                    .then()
                    .statusCode(409);
        } finally {
            emulator.faults().reset();
        }
    }

    /**
     * Another replica's cancel only sets the stored flag (its registry is not ours): the download sees it at a page
     * boundary and ends CANCELLED.
     */
    @Test
    void aDownloadStopsForACancelAskedThroughAnotherReplica() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        fillControlItems(900);
        emulator.faults().delayReplies(Duration.ofMillis(200));
        try {
            String running = startQuery("select * from control_items");
            Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [cancel_requested] = 1 WHERE [id] = " + running);
            Api.awaitEnd(running, Duration.ofSeconds(30)).then().body("status", equalTo("CANCELLED"));
        } finally {
            emulator.faults().reset();
        }
    }

    private static void fillControlItems(int rows) {
        Sql.execute("DELETE FROM [dbo].[control_items]");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            values.append(i == 1 ? "" : ", ").append("(").append(i).append(", N'x')");
        }
        Sql.execute("INSERT INTO [dbo].[control_items] ([id], [label]) VALUES " + values);
    }

    private static String startQuery(String query) {
        return Api.asTest()
                .queryParam("q", query)
                .post(Api.BASE + "/bulk/query")
                .then()
                .statusCode(200)
                .body("status", equalTo("CREATED"))
                .extract()
                .jsonPath()
                .getString("id");
    }

    private static String csv(List<String> header, List<List<String>> rows) {
        StringWriter out = new StringWriter();
        try (CsvWriter writer = CsvWriter.builder().build(out)) {
            writer.writeRecord(header);
            rows.forEach(writer::writeRecord);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
