package dev.mssqlbulk.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Status moves CREATED -> RUNNING -> COMPLETE with counts that grow batch by batch; a second job waits in CREATED
 * while the instance's single job slot is taken (the tests run with max-concurrent-jobs=1). The emulator's reply
 * delay makes the job slow enough to watch.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class JobProgressTest {

    @Test
    void statusMovesThroughRunningWithGrowingCountsWhileTheNextJobWaits() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= 300; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        String first = Api.upload("progress_items", csv.toString(), "{\"bulkUploadRecordSize\":10}");
        String second = Api.upload("queued_items", "id,label\n1,a\n2,b\n", null);
        emulator.faults().delayReplies(Duration.ofMillis(10));
        List<Long> succeededSeen = new ArrayList<>();
        List<String> secondWhileFirstRan = new ArrayList<>();
        try {
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                // the second job first: if the first job still runs afterwards, it ran while the second was read
                String secondState = Api.status(second).jsonPath().getString("status");
                JsonPath status = Api.status(first).jsonPath();
                String state = status.getString("status");
                if (state.equals("RUNNING")) {
                    succeededSeen.add(status.getLong("recordsSucceededCount"));
                    assertEquals(300, status.getLong("recordsCount"));
                    assertEquals(
                            status.getLong("recordsCount") - status.getLong("recordsSucceededCount"),
                            status.getLong("recordsUnprocessedCount"));
                    secondWhileFirstRan.add(secondState);
                } else if (state.equals("COMPLETE")) {
                    break;
                }
                Api.sleep(20);
            }
        } finally {
            emulator.faults().reset();
        }
        Api.awaitEnd(first, Duration.ofSeconds(10)).then().statusCode(200);
        assertEquals("COMPLETE", Api.status(first).jsonPath().getString("status"));
        assertTrue(
                succeededSeen.stream().anyMatch(n -> n > 0 && n < 300),
                "saw progress between 0 and 300: " + succeededSeen);
        for (int i = 1; i < succeededSeen.size(); i++) {
            assertTrue(succeededSeen.get(i) >= succeededSeen.get(i - 1), "counts never go back: " + succeededSeen);
        }
        assertTrue(
                succeededSeen.stream().allMatch(n -> n % 10 == 0), "counts move a batch at a time: " + succeededSeen);
        assertTrue(
                secondWhileFirstRan.stream().allMatch("CREATED"::equals), "second job waited: " + secondWhileFirstRan);
        assertTrue(!secondWhileFirstRan.isEmpty());
        Api.awaitEnd(second, Duration.ofSeconds(30));
        assertEquals(2, Api.status(second).jsonPath().getLong("recordsSucceededCount"));
        assertEquals(300, Sql.count("[dbo].[progress_items]"));
    }
}
