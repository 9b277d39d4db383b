package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.Faults;
import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulator drops the connection at the n-th statement after the upload was accepted (a different point of
 * the job for each n: claim, begin, insert, checkpoint, commit...), either before executing it or after executing
 * it, losing the reply (then a COMMIT has happened though the service never heard so). The job retries from its
 * checkpoint and every row lands exactly once: a row written twice would fail on the primary key and show up as a
 * failed row. The instance bulk-copies creates, so the statements counted are both the reactive client's (claim,
 * status) and the bulk-copy connection's (INSERT BULK, the load, the checkpoint UPDATE, COMMIT).
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class ConnectionLossTest {

    static Stream<Arguments> dropPoints() {
        return IntStream.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 23)
                .boxed()
                .flatMap(n -> Stream.of(Arguments.of(n, false), Arguments.of(n, true)));
    }

    @ParameterizedTest(name = "dropped at statement {0}, after executing it: {1}")
    @MethodSource("dropPoints")
    void aConnectionLostMidJobStillWritesEveryRowExactlyOnce(int statement, boolean afterExecuting) {
        loadSixtyRowsWith(faults -> {
            if (afterExecuting) {
                faults.dropConnectionAfterExecuting(statement);
            } else {
                faults.dropConnectionAfterStatements(statement);
            }
        });
    }

    static Stream<Arguments> bulkLoads() {
        return IntStream.of(1, 2, 4, 6).boxed().flatMap(n -> Stream.of(Arguments.of(n, false), Arguments.of(n, true)));
    }

    /**
     * The connection dies inside the n-th bulk copy (the BulkLoad message carrying a batch's rows), before the rows
     * are inserted or after, when they sit in the uncommitted transaction with the checkpoint not yet moved.
     */
    @ParameterizedTest(name = "dropped at bulk load {0}, after inserting its rows: {1}")
    @MethodSource("bulkLoads")
    void aConnectionLostInsideABulkCopyStillWritesEveryRowExactlyOnce(int bulkLoad, boolean afterExecuting) {
        loadSixtyRowsByBulkCopyWith(faults -> faults.dropConnectionAtBulkLoad(bulkLoad, afterExecuting));
    }

    /**
     * The reply to the n-th COMMIT of the bulk-copy connection is lost: the batch's rows and its checkpoint are
     * committed, the service only sees the connection die. It must read the checkpoint back, not copy them again.
     */
    @ParameterizedTest(name = "the reply to COMMIT {0} is lost")
    @ValueSource(ints = {1, 2, 3, 6})
    void aLostCommitReplyOnTheBulkCopyConnectionWritesEveryRowExactlyOnce(int commit) {
        loadSixtyRowsByBulkCopyWith(faults -> faults.dropConnectionAfterCommit(commit));
    }

    /** As {@link #loadSixtyRowsWith}, checking that the rows went in by bulk copy (a load per batch at least). */
    private static void loadSixtyRowsByBulkCopyWith(Consumer<Faults> fault) {
        long loadsBefore = MssqlTestResource.emulator()
                .map(e -> e.faults().bulkLoadsExecuted())
                .orElse(0L);
        loadSixtyRowsWith(fault);
        long loads = MssqlTestResource.emulator().orElseThrow().faults().bulkLoadsExecuted() - loadsBefore;
        assertTrue(loads >= 6, "the rows went in by bulk copy: " + loads + " bulk loads");
    }

    /** Uploads 60 rows in batches of 10, arms {@code fault} while the job runs, and checks every row landed once. */
    private static void loadSixtyRowsWith(Consumer<Faults> fault) {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's fault hook");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        Sql.execute("DELETE FROM [dbo].[resilient_items]");
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= 60; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        try {
            // slow enough that the job (30 statements or more) cannot end before the fault is armed
            emulator.faults().delayReplies(Duration.ofMillis(50));
            String id = Api.upload("resilient_items", csv.toString(), "{\"bulkUploadRecordSize\":10}");
            long droppedBefore = emulator.faults().droppedConnections();
            fault.accept(emulator.faults());
            emulator.faults().delayReplies(Duration.ofMillis(2));
            Api.awaitEnd(id, Duration.ofSeconds(60))
                    .then()
                    .body("status", equalTo("COMPLETE"))
                    .body("recordsSucceededCount", equalTo(60))
                    .body("recordsFailedCount", equalTo(0));
            assertEquals(droppedBefore + 1, emulator.faults().droppedConnections(), "the fault fired during the job");
        } finally {
            emulator.faults().reset();
        }
        assertEquals(60, Sql.count("[dbo].[resilient_items]"));
    }
}
