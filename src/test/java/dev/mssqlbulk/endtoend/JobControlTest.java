package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancel, list and idempotent uploads, through the HTTP API. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class JobControlTest {

    @BeforeEach
    void emptyTable() {
        Sql.execute("DELETE FROM [dbo].[control_items]");
    }

    @Test
    void cancelStopsARunningJobAtABatchBoundaryAndCountsTheRestUnprocessed() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        emulator.faults().delayReplies(Duration.ofMillis(20));
        String id;
        try {
            id = Api.upload("control_items", rows(1, 500), "{\"bulkUploadRecordSize\":10}");
            awaitSucceeded(id, 10);
            cancel(id).then().statusCode(200);
        } finally {
            emulator.faults().reset();
        }
        Response ended = Api.awaitEnd(id, Duration.ofSeconds(30));
        ended.then().body("status", equalTo("CANCELLED")).body("statusMessage", containsString("cancel"));
        long succeeded = ended.jsonPath().getLong("recordsSucceededCount");
        assertTrue(succeeded > 0 && succeeded < 500, "stopped part way: " + succeeded);
        assertEquals(0, succeeded % 10, "stopped at a batch boundary");
        assertEquals(500 - succeeded, ended.jsonPath().getLong("recordsUnprocessedCount"));
        assertEquals(succeeded, Sql.count("[dbo].[control_items]"));
    }

    @Test
    void cancelEndsAJobStillWaitingInTheQueueAtOnce() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        emulator.faults().delayReplies(Duration.ofMillis(20));
        String running;
        String waiting;
        try {
            running = Api.upload("control_items", rows(1, 200), "{\"bulkUploadRecordSize\":10}");
            waiting = Api.upload("control_items", rows(1001, 1010), null);
            Api.status(waiting).then().body("status", equalTo("CREATED"));
            cancel(waiting)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("CANCELLED"))
                    .body("recordsUnprocessedCount", equalTo(10));
        } finally {
            emulator.faults().reset();
        }
        Api.awaitEnd(running, Duration.ofSeconds(30)).then().body("status", equalTo("COMPLETE"));
        assertEquals(
                0,
                Sql.query("SELECT [id] FROM [dbo].[control_items] WHERE [id] > 1000")
                        .size());
    }

    @Test
    void cancellingAFinishedJobIs409() {
        String id = Api.upload("control_items", rows(1, 3), null);
        Api.awaitEnd(id, Duration.ofSeconds(30));
        cancel(id).then().statusCode(409).body("message", containsString("COMPLETE"));
    }

    @Test
    void jobsListNewestFirstPagedAndFiltered() {
        String first = Api.upload("control_items", rows(1, 2), null);
        String second = Api.upload("option_items", "id,label\n1,a\n", null);
        String third = Api.upload("control_items", rows(3, 4), null);
        Api.awaitEnd(third, Duration.ofSeconds(30));
        Api.awaitEnd(second, Duration.ofSeconds(30));
        Response page = Api.asTest().queryParam("pageSize", 2).get(Api.BASE + "/bulk/jobs");
        page.then().statusCode(200).header("Elements-Returned-Count", "2");
        assertEquals(List.of(third, second), page.jsonPath().getList("id"));
        Response next = Api.asTest()
                .queryParam("pageSize", 2)
                .queryParam("nextPage", page.getHeader("Elements-Next-Page-Token"))
                .get(Api.BASE + "/bulk/jobs");
        assertEquals(first, next.jsonPath().getList("id").get(0));

        List<String> controlOnly = Api.asTest()
                .queryParam("objectName", "control_items")
                .queryParam("pageSize", 2)
                .get(Api.BASE + "/bulk/jobs")
                .jsonPath()
                .getList("id");
        assertEquals(List.of(third, first), controlOnly);
        List<String> statuses = Api.asTest()
                .queryParam("status", "complete")
                .get(Api.BASE + "/bulk/jobs")
                .jsonPath()
                .getList("status");
        assertTrue(statuses.stream().allMatch("COMPLETE"::equals), statuses.toString());
        Api.asTest()
                .queryParam("status", "SLEEPING")
                .get(Api.BASE + "/bulk/jobs")
                .then()
                .statusCode(400);
        List<String> othersView =
                Api.as(Api.OTHER_AUTH).get(Api.BASE + "/bulk/jobs").jsonPath().getList("id");
        assertTrue(othersView.stream().noneMatch(List.of(first, second, third)::contains), othersView.toString());
    }

    @Test
    void aRetriedUploadWithTheSameIdempotencyKeyReturnsTheFirstJobAndWritesNothingAgain() {
        String first = uploadWithKey("order-7781", rows(1, 5));
        Api.awaitEnd(first, Duration.ofSeconds(30));
        String retried = uploadWithKey("order-7781", rows(1, 5));
        assertEquals(first, retried);
        Api.awaitEnd(first, Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(5))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(5, Sql.count("[dbo].[control_items]"));

        String other = uploadWithKey("order-7782", rows(6, 7));
        assertTrue(!other.equals(first));
        Api.awaitEnd(other, Duration.ofSeconds(30));
        assertEquals(7, Sql.count("[dbo].[control_items]"));
    }

    @Test
    void theSameIdempotencyKeyOnAnotherInstanceIsAnotherJob() {
        String mine = uploadWithKey("shared-key", rows(1, 1));
        String theirs = Api.as(Api.OTHER_AUTH)
                .header("Idempotency-Key", "shared-key")
                .multiPart("file", "w.csv", "id,name\n77,w\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/other_widgets")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        assertTrue(!mine.equals(theirs));
    }

    private static String uploadWithKey(String key, String csv) {
        return Api.asTest()
                .header("Idempotency-Key", key)
                .multiPart("file", "items.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
    }

    private static Response cancel(String id) {
        return Api.asTest().put(Api.BASE + "/bulk/" + id + "/cancel");
    }

    private static void awaitSucceeded(String id, long atLeast) {
        for (int i = 0; i < 500; i++) {
            if (Api.status(id).jsonPath().getLong("recordsSucceededCount") >= atLeast) {
                return;
            }
            Api.sleep(10);
        }
        throw new AssertionError("job " + id + " made no progress");
    }

    static String rows(int from, int to) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = from; i <= to; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        return csv.toString();
    }
}
