package dev.mssqlbulk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The run queue under concurrent uploads (submit), starts (poll) and cancels (dequeue) from many threads: every job
 * ends, none stays CREATED, a cancel answers 200 or 409 and never 500, and every slot comes back (a last job still
 * runs once the others have ended).
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class RunQueueConcurrencyTest {

    @Test
    void concurrentUploadsStartsAndCancelsLoseNoJobAndLeakNoSlot() throws Exception {
        Sql.execute("DELETE FROM [dbo].[resumed_items]");
        int threads = 8;
        int jobsPerThread = 5;
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<Integer> cancelStatuses = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int j = 0; j < jobsPerThread; j++) {
                        int first = (thread * jobsPerThread + j) * 20 + 1;
                        StringBuilder csv = new StringBuilder("id,label\n");
                        for (int i = first; i < first + 20; i++) {
                            csv.append(i).append(",x\n");
                        }
                        String id = Api.upload(Api.BATCH_AUTH, "resumed_items", csv.toString(), null);
                        ids.add(id);
                        if (j % 2 == 1) {
                            cancelStatuses.add(Api.as(Api.BATCH_AUTH)
                                    .put(Api.BASE + "/bulk/" + id + "/cancel")
                                    .statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * jobsPerThread, ids.size());
        assertTrue(cancelStatuses.stream().allMatch(s -> s == 200 || s == 409), cancelStatuses.toString());
        for (String id : ids) {
            String status = Api.awaitEnd(Api.BATCH_AUTH, id, Duration.ofSeconds(60))
                    .jsonPath()
                    .getString("status");
            assertTrue(Set.of("COMPLETE", "CANCELLED").contains(status), id + " ended " + status);
        }
        String last = Api.upload(Api.BATCH_AUTH, "resumed_items", "id,label\n100000,last\n", null);
        Api.awaitEnd(Api.BATCH_AUTH, last, Duration.ofSeconds(30))
                .then()
                .body("status", org.hamcrest.Matchers.equalTo("COMPLETE"));
    }
}
