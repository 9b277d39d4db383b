package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /bulk/{id}/events: the status JSON as server-sent events, one per change, closed at the job's end. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class JobEventsTest {

    @BeforeEach
    void emptyTable() {
        Sql.execute("DELETE FROM [dbo].[console_items]");
    }

    @Test
    void aRunningJobStreamsEachChangeOfItsStatusAndTheStreamClosesAfterItsEnd() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        emulator.faults().delayReplies(Duration.ofMillis(20));
        Response stream;
        try {
            String id = Api.upload("console_items", rows(1, 300), "{\"bulkUploadRecordSize\":10}");
            stream = events(id);
        } finally {
            emulator.faults().reset();
        }
        stream.then().statusCode(200).contentType(startsWith("text/event-stream"));
        List<JsonPath> events = dataOf(stream.asString());

        assertTrue(events.size() >= 3, "several changes seen while it ran: " + events.size());
        for (int i = 1; i < events.size(); i++) {
            assertNotEquals(events.get(i - 1).prettify(), events.get(i).prettify(), "event " + i + " repeats one");
            assertTrue(
                    events.get(i).getInt("recordsSucceededCount")
                            >= events.get(i - 1).getInt("recordsSucceededCount"),
                    "counts only grow");
        }
        assertTrue(
                events.stream()
                        .anyMatch(e -> e.getString("status").equals("RUNNING")
                                && e.getInt("percentComplete") > 0
                                && e.getInt("percentComplete") < 100),
                "progress part way");
        JsonPath last = events.get(events.size() - 1);
        assertEquals("COMPLETE", last.getString("status"));
        assertEquals(300, last.getInt("recordsSucceededCount"));
        assertEquals(100, last.getInt("percentComplete"));
        assertEquals(
                1,
                events.stream()
                        .filter(e -> e.getString("status").equals("COMPLETE"))
                        .count());
    }

    @Test
    void anEndedJobStreamsItsFinalStatusOnceAndCloses() {
        String id = Api.upload("console_items", rows(1, 3), null);
        Api.awaitEnd(id, Duration.ofSeconds(30));
        List<JsonPath> events =
                dataOf(events(id).then().statusCode(200).extract().asString());
        assertEquals(1, events.size());
        assertEquals(id, events.get(0).getString("id"));
        assertEquals("COMPLETE", events.get(0).getString("status"));
        assertEquals(Api.status(id).jsonPath().prettify(), events.get(0).prettify(), "the status JSON");
    }

    @Test
    void anUnknownJobIs404AndAnotherInstancesJobIsNotVisible() {
        events("999999999").then().statusCode(404).body("message", containsString("not found"));
        String id = Api.upload("console_items", rows(1, 1), null);
        Api.as(Api.OTHER_AUTH)
                .accept("text/event-stream")
                .get(Api.BASE + "/bulk/" + id + "/events")
                .then()
                .statusCode(404);
        Api.awaitEnd(id, Duration.ofSeconds(30));
    }

    @Test
    void eventsNeedTheAuthorizationHeader() {
        io.restassured.RestAssured.given()
                .accept("text/event-stream")
                .get(Api.BASE + "/bulk/1/events")
                .then()
                .statusCode(401);
    }

    private static Response events(String id) {
        return Api.asTest().accept("text/event-stream").get(Api.BASE + "/bulk/" + id + "/events");
    }

    /** The data of each event; an event's data may span several data: lines. */
    static List<JsonPath> dataOf(String stream) {
        return java.util.Arrays.stream(stream.split("\n\n"))
                .map(event -> event.lines()
                        .filter(line -> line.startsWith("data:"))
                        .map(line -> line.substring(5).strip())
                        .reduce("", (a, b) -> a + b))
                .filter(data -> !data.isEmpty())
                .map(JsonPath::new)
                .toList();
    }

    private static String rows(int from, int to) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = from; i <= to; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        return csv.toString();
    }
}
