package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IsolatingBatchRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A failure caused by a row's data, e.g. a constraint violation. */
    static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message);
        }
    }

    /** A failure of the connection rather than of the rows. */
    static final class ConnectionLost extends RuntimeException {}

    /** An in-memory store; {@code verdict} returns the failure a commit of these rows meets, or null. */
    static final class FakeStore implements IsolatingBatchRunner.Store<Integer> {
        final Function<List<Integer>, RuntimeException> verdict;
        final List<Integer> committed = new ArrayList<>();
        final List<Integer> failed = new ArrayList<>();
        /** Rows in the order the checkpoint passed them, committed or failed. */
        final List<Integer> checkpoints = new ArrayList<>();

        boolean async;

        FakeStore(Function<List<Integer>, RuntimeException> verdict) {
            this.verdict = verdict;
        }

        static FakeStore rejecting(Set<Integer> badRows) {
            return new FakeStore(rows -> rows.stream().anyMatch(badRows::contains) ? new BadRow("bad row") : null);
        }

        @Override
        public Uni<Void> commitRows(List<Integer> rows, List<IsolatingBatchRunner.Failed<Integer>> failedBefore) {
            return deliver(Uni.createFrom().deferred(() -> {
                RuntimeException failure = verdict.apply(rows);
                if (failure != null) {
                    return Uni.createFrom().failure(failure);
                }
                failedBefore.forEach(f -> {
                    failed.add(f.row());
                    checkpoints.add(f.row());
                });
                committed.addAll(rows);
                checkpoints.addAll(rows);
                return Uni.createFrom().voidItem();
            }));
        }

        @Override
        public Uni<Void> commitFailures(List<IsolatingBatchRunner.Failed<Integer>> failures) {
            return deliver(Uni.createFrom().deferred(() -> {
                failures.forEach(f -> {
                    failed.add(f.row());
                    checkpoints.add(f.row());
                });
                return Uni.createFrom().voidItem();
            }));
        }

        private Uni<Void> deliver(Uni<Void> result) {
            return async ? result.emitOn(Infrastructure.getDefaultExecutor()) : result;
        }
    }

    private static List<Integer> rows(int count) {
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    private static IsolatingBatchRunner.Outcome run(FakeStore store, List<Integer> batch) {
        return new IsolatingBatchRunner<>(store, BadRow.class::isInstance)
                .run(batch)
                .await()
                .atMost(TIMEOUT);
    }

    @Test
    void commitsACleanBatchInOneAttempt() {
        FakeStore store = FakeStore.rejecting(Set.of());
        assertEquals(new IsolatingBatchRunner.Outcome(10, 0, 1), run(store, rows(10)));
        assertEquals(rows(10), store.committed);
    }

    @Test
    void splitsAFailedBatchUntilOnlyTheBadRowFails() {
        FakeStore store = FakeStore.rejecting(Set.of(37));
        IsolatingBatchRunner.Outcome outcome = run(store, rows(100));
        assertEquals(List.of(37), store.failed);
        assertEquals(99, store.committed.size());
        assertEquals(99, outcome.succeeded());
        assertEquals(1, outcome.failed());
    }

    @Test
    void isolatesTwoAdjacentBadRows() {
        FakeStore store = FakeStore.rejecting(Set.of(50, 51));
        run(store, rows(100));
        assertEquals(List.of(50, 51), store.failed);
        assertEquals(98, store.committed.size());
    }

    @Test
    void failsEveryRowWhenAllAreBad() {
        FakeStore store = new FakeStore(rows -> new BadRow("all bad"));
        IsolatingBatchRunner.Outcome outcome = run(store, rows(16));
        assertEquals(rows(16), store.failed);
        assertEquals(new IsolatingBatchRunner.Outcome(0, 16, 31), outcome);
    }

    @Test
    void isolatesABadFirstRow() {
        FakeStore store = FakeStore.rejecting(Set.of(1));
        run(store, rows(9));
        assertEquals(List.of(1), store.failed);
        assertEquals(rows(9).subList(1, 9), store.committed);
    }

    @Test
    void isolatesABadLastRow() {
        FakeStore store = FakeStore.rejecting(Set.of(9));
        run(store, rows(9));
        assertEquals(List.of(9), store.failed);
        assertEquals(rows(8), store.committed);
    }

    @Test
    void landsAPairThatFailsOnlyWhenCommittedTogether() {
        FakeStore store = new FakeStore(rows -> rows.contains(3) && rows.contains(6) ? new BadRow("together") : null);
        IsolatingBatchRunner.Outcome outcome = run(store, rows(8));
        assertEquals(rows(8), store.committed);
        assertEquals(0, outcome.failed());
    }

    @Test
    void failsOnlyTheSecondOfTwoRowsWithTheSameKey() {
        // Rows carry keys; 3 and 6 share key "k". Like a unique index, the store refuses a key it already holds.
        List<String> keys = List.of("a", "b", "k", "c", "d", "k", "e", "f");
        FakeStore[] holder = new FakeStore[1];
        holder[0] = new FakeStore(rows -> {
            List<String> batchKeys =
                    new ArrayList<>(rows.stream().map(r -> keys.get(r - 1)).toList());
            holder[0].committed.forEach(r -> batchKeys.add(keys.get(r - 1)));
            return batchKeys.size() == Set.copyOf(batchKeys).size() ? null : new BadRow("duplicate key");
        });
        run(holder[0], rows(8));
        assertEquals(List.of(6), holder[0].failed);
        assertEquals(List.of(1, 2, 3, 4, 5, 7, 8), holder[0].committed);
    }

    @Test
    void stopsAndPropagatesATransientFailureInASubBatch() {
        ConnectionLost lost = new ConnectionLost();
        // Row 5 is bad; after [1-4], [5] and [6] are decided, the sub-batch [7, 8] meets a lost connection.
        FakeStore store = new FakeStore(
                rows -> rows.contains(5) ? new BadRow("bad") : rows.size() < 8 && rows.contains(7) ? lost : null);
        Throwable failure = assertThrows(
                ConnectionLost.class,
                () -> new IsolatingBatchRunner<>(store, BadRow.class::isInstance)
                        .run(rows(8))
                        .await()
                        .atMost(TIMEOUT));
        assertSame(lost, failure);
        assertEquals(List.of(1, 2, 3, 4, 6), store.committed);
        assertEquals(List.of(5), store.failed);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), store.checkpoints);
    }

    @Test
    void propagatesATransientFailureOfTheWholeBatchWithoutSplitting() {
        int[] attempts = {0};
        FakeStore store = new FakeStore(rows -> {
            attempts[0]++;
            return new ConnectionLost();
        });
        assertThrows(
                ConnectionLost.class,
                () -> new IsolatingBatchRunner<>(store, BadRow.class::isInstance)
                        .run(rows(8))
                        .await()
                        .atMost(TIMEOUT));
        assertEquals(1, attempts[0]);
    }

    @Test
    void movesTheCheckpointInAscendingOrder() {
        FakeStore store = FakeStore.rejecting(Set.of(3, 17, 18, 64, 99));
        run(store, rows(100));
        assertEquals(rows(100), store.checkpoints);
    }

    @Test
    void needsAboutTwiceLog2AttemptsForOneBadRowInAThousand() {
        FakeStore store = FakeStore.rejecting(Set.of(613));
        IsolatingBatchRunner.Outcome outcome = run(store, rows(1000));
        double twiceLog2 = 2 * Math.log(1000) / Math.log(2);
        assertTrue(
                outcome.attempts() >= twiceLog2 - 2 && outcome.attempts() <= twiceLog2 + 2,
                "attempts: " + outcome.attempts());
        assertEquals(999, outcome.succeeded());
    }

    @Test
    void survivesFiveThousandBadRowsWithoutOverflowingTheStack() {
        FakeStore store = new FakeStore(rows -> new BadRow("all bad"));
        IsolatingBatchRunner.Outcome outcome = run(store, rows(5000));
        assertEquals(5000, outcome.failed());
        assertEquals(rows(5000), store.checkpoints);
    }

    @Test
    void worksWithAStoreThatCompletesOnOtherThreads() {
        FakeStore store = FakeStore.rejecting(Set.of(2, 999));
        store.async = true;
        IsolatingBatchRunner.Outcome outcome = run(store, rows(1000));
        assertEquals(List.of(2, 999), store.failed);
        assertEquals(rows(1000), store.checkpoints);
        assertEquals(998, outcome.succeeded());
    }

    @Test
    void decidesNothingForAnEmptyBatch() {
        FakeStore store = FakeStore.rejecting(Set.of());
        assertEquals(new IsolatingBatchRunner.Outcome(0, 0, 0), run(store, List.of()));
    }

    // ---- errors nobody knows: a row is blamed only when it fails alone twice and the statement is proven

    /** A failure whose number is on no list, e.g. Babelfish's 33557097 for both a bad value and a missing feature. */
    static final class Unknown extends RuntimeException {
        Unknown(String message) {
            super(message);
        }
    }

    private static IsolatingBatchRunner.Blame blame(Throwable f) {
        return f instanceof BadRow
                ? IsolatingBatchRunner.Blame.ROW
                : f instanceof Unknown ? IsolatingBatchRunner.Blame.SUSPECT : IsolatingBatchRunner.Blame.NOT_ROWS;
    }

    private static IsolatingBatchRunner.Outcome runSuspicious(FakeStore store, List<Integer> batch, boolean proven) {
        return new IsolatingBatchRunner<>(store, IsolatingBatchRunnerTest::blame, proven)
                .run(batch)
                .await()
                .atMost(TIMEOUT);
    }

    private static FakeStore unknownFor(Set<Integer> badRows) {
        return new FakeStore(
                rows -> rows.stream().anyMatch(badRows::contains) ? new Unknown("33557097: invalid input") : null);
    }

    @Test
    void anUnknownErrorFailsOnlyTheRowsThatMeetItWhenOtherRowsCommit() {
        FakeStore store = unknownFor(Set.of(4, 9));
        IsolatingBatchRunner.Outcome outcome = runSuspicious(store, rows(10), false);
        assertEquals(List.of(4, 9), store.failed);
        assertEquals(8, store.committed.size());
        assertEquals(rows(10), store.checkpoints);
        assertEquals(2, outcome.failed());
    }

    @Test
    void aRowMeetingAnUnknownErrorIsTriedAloneTwiceBeforeItIsBlamed() {
        List<List<Integer>> attempts = new ArrayList<>();
        FakeStore store = new FakeStore(rows -> {
            attempts.add(List.copyOf(rows));
            return rows.contains(2) ? new Unknown("33557097") : null;
        });
        runSuspicious(store, rows(2), true);
        assertEquals(2, attempts.stream().filter(List.of(2)::equals).count());
        assertEquals(List.of(2), store.failed);
    }

    @Test
    void aRowWhoseUnknownErrorDoesNotRepeatAloneIsWritten() {
        int[] aloneAttempts = {0};
        FakeStore store = new FakeStore(rows -> {
            if (!rows.contains(3)) {
                return null;
            }
            return rows.size() == 1 && ++aloneAttempts[0] == 2 ? null : new Unknown("protocol stream is incorrect");
        });
        IsolatingBatchRunner.Outcome outcome = runSuspicious(store, rows(5), false);
        assertEquals(rows(5), store.committed.stream().sorted().toList());
        assertEquals(List.of(), store.failed);
        assertEquals(0, outcome.failed());
    }

    @Test
    void anUnknownErrorEveryRowMeetsFailsTheBatchAndBlamesNoRow() {
        FakeStore store = new FakeStore(rows -> new Unknown("'MERGE' is not currently supported"));
        IsolatingBatchRunner.RefusedAlike refused =
                assertThrows(IsolatingBatchRunner.RefusedAlike.class, () -> runSuspicious(store, rows(8), false));
        assertEquals("'MERGE' is not currently supported", refused.getMessage());
        assertEquals(List.of(), store.failed);
        assertEquals(List.of(), store.committed);
    }

    @Test
    void anUnknownErrorEveryRowMeetsFailsTheRowsOnceTheStatementHasWrittenRowsOfTheJob() {
        FakeStore store = new FakeStore(rows -> new Unknown("invalid input syntax"));
        IsolatingBatchRunner.Outcome outcome = runSuspicious(store, rows(4), true);
        assertEquals(rows(4), store.failed);
        assertEquals(4, outcome.failed());
    }

    @Test
    void aRowRefusedForAKnownReasonProvesTheStatementSoSuspectsBeforeItFail() {
        FakeStore store = new FakeStore(rows -> rows.contains(2)
                ? new BadRow("2627: duplicate key")
                : rows.contains(1) ? new Unknown("33557097") : null);
        runSuspicious(store, rows(2), false);
        assertEquals(List.of(1, 2), store.failed);
        assertEquals(List.of(1, 2), store.checkpoints);
    }

    @Test
    void aSuspectLastRowIsRecordedAfterEarlierRowsCommitted() {
        FakeStore store = unknownFor(Set.of(6));
        runSuspicious(store, rows(6), false);
        assertEquals(List.of(6), store.failed);
        assertEquals(rows(6), store.checkpoints);
    }
}
