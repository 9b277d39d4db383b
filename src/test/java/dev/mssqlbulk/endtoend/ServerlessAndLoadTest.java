package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prefer: wait for serverless callers, and 429 with Retry-After when too many jobs wait. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class ServerlessAndLoadTest {

    @BeforeEach
    void emptyTable() {
        Sql.execute("DELETE FROM [dbo].[control_items]");
    }

    @Test
    void preferWaitHoldsTheUploadUntilTheJobHasEnded() {
        Response reply = Api.asTest()
                .header("Prefer", "wait=30")
                .multiPart("file", "c.csv", JobControlTest.rows(1, 50).getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items");
        reply.then()
                .statusCode(200)
                .header("Preference-Applied", "wait=30")
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(50));
        assertEquals(50, Sql.count("[dbo].[control_items]"));
    }

    @Test
    void preferWaitAnswersTheCurrentStatusWhenTheTimeRunsOut() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        emulator.faults().delayReplies(Duration.ofMillis(30));
        try {
            String id = Api.upload("control_items", JobControlTest.rows(1, 300), "{\"bulkUploadRecordSize\":10}");
            long started = System.nanoTime();
            Response status = Api.asTest().header("Prefer", "wait=1").get(Api.BASE + "/bulk/" + id + "/status");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            status.then().statusCode(200).header("Preference-Applied", "wait=1").body("status", equalTo("RUNNING"));
            assertTrue(tookMillis >= 900 && tookMillis < 5000, "held about a second: " + tookMillis + " ms");
            Api.asTest().put(Api.BASE + "/bulk/" + id + "/cancel").then().statusCode(200);
        } finally {
            emulator.faults().reset();
        }
    }

    @Test
    void uploadsBeyondTheQueueBoundGet429WithRetryAfter() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        emulator.faults().delayReplies(Duration.ofMillis(20));
        List<String> accepted = new ArrayList<>();
        try {
            accepted.add(Api.upload("control_items", JobControlTest.rows(1, 200), "{\"bulkUploadRecordSize\":10}"));
            // the test instance runs 1 job and queues at most 3 (src/test/resources/application.properties)
            for (int i = 0; i < 3; i++) {
                accepted.add(Api.upload("control_items", JobControlTest.rows(1000 + i, 1000 + i), null));
            }
            Api.asTest()
                    .multiPart(
                            "file",
                            "c.csv",
                            JobControlTest.rows(2000, 2000).getBytes(StandardCharsets.UTF_8),
                            "text/csv")
                    .post(Api.BASE + "/bulk/control_items")
                    .then()
                    .statusCode(429)
                    .header("Retry-After", notNullValue())
                    .body("message", notNullValue());
        } finally {
            emulator.faults().reset();
        }
        for (String id : accepted) {
            Api.awaitEnd(id, Duration.ofSeconds(60)).then().body("status", equalTo("COMPLETE"));
        }
        assertEquals(
                0,
                Sql.query("SELECT [id] FROM [dbo].[control_items] WHERE [id] = 2000")
                        .size());
    }

    @Test
    void statusReadsOfAJobThisReplicaKnowsNeedNoDatabaseRoundTrip() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's statement counter");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        String id = Api.upload("control_items", JobControlTest.rows(1, 3), null);
        Api.awaitEnd(id, Duration.ofSeconds(30));
        // The emulator counts every statement, a background one of the service (another test's job ending, the
        // resumer's poll) included: a window of 20 reads without any statement proves the reads need none, and
        // reads that did would spoil every window.
        long[] statements = new long[3];
        for (int window = 0; window < statements.length; window++) {
            long before = emulator.faults().statementsExecuted();
            for (int i = 0; i < 20; i++) {
                Api.status(id).then().statusCode(200);
            }
            statements[window] = emulator.faults().statementsExecuted() - before;
            if (statements[window] == 0) {
                return;
            }
        }
        fail("status reads are served from memory; statements in three windows of 20 reads: "
                + Arrays.toString(statements));
    }
}
