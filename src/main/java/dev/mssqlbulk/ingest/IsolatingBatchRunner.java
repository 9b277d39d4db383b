package dev.mssqlbulk.ingest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes a batch so that bad rows fail only themselves: the whole batch is tried in one transaction; when the
 * database refuses it because of a row, it is split in halves, left before right, until each bad row is alone
 * and recorded as failed. Rows are decided in ascending order, so the checkpoint only moves forward.
 *
 * <p>A row is blamed only for an error that is a row's fault. An error of a kind the caller does not know
 * ({@link Blame#SUSPECT}: a server may answer a bad value and an unsupported statement with the same number) is
 * split like a row's, but a row that meets it alone is tried alone once more, and even then it is only held as a
 * suspect: suspects are recorded as failed together with the next rows that do commit, or once the statement has
 * been seen to work ({@code statementProven}, or a row refused for a known reason). A batch whose rows all meet
 * suspect errors and that proves nothing fails with {@link RefusedAlike}: the statement, not the rows, is at fault,
 * and no good row is marked failed.
 *
 * <p>The pending halves live on an explicit stack and each attempt is one step of a repeating {@link Multi},
 * so the depth of Uni chains stays constant however many rows fail.
 */
public final class IsolatingBatchRunner<T> {

    /** Who a failure of {@link Store#commitRows} is blamed on. */
    public enum Blame {
        /** The data of some row (constraint, conversion, truncation...): split to find it. */
        ROW,
        /** Unknown: maybe a row, maybe the statement. Split, but blame a row only on proof. */
        SUSPECT,
        /** The connection or the database's state: stop and let the caller retry or give up. */
        NOT_ROWS
    }

    /** A row decided as failed, with the failure that decided it. */
    public record Failed<T>(T row, Throwable cause) {}

    /** The database side of a batch. Each method is one transaction that rolls itself back on failure. */
    public interface Store<T> {

        /**
         * Writes {@code rows}, records {@code failedBefore} (rows before them, decided as failed) and moves the
         * checkpoint to the last of all of them, in one transaction.
         */
        Uni<Void> commitRows(List<T> rows, List<Failed<T>> failedBefore);

        /** Records these rows as failed and moves the checkpoint to the last of them, in one transaction. */
        Uni<Void> commitFailures(List<Failed<T>> failed);
    }

    /**
     * @param succeeded rows written
     * @param failed    rows recorded as failed
     * @param attempts  calls of {@link Store#commitRows}
     */
    public record Outcome(int succeeded, int failed, int attempts) {}

    /** Every row of a batch met an error not known to be a row's, and no row proved the statement works. */
    public static final class RefusedAlike extends RuntimeException {

        public RefusedAlike(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Store<T> store;
    private final Function<Throwable, Blame> blame;
    private final boolean statementProven;

    /**
     * @param blame           who a failure of {@link Store#commitRows} is blamed on
     * @param statementProven whether the statement has already written rows of this job: then a suspect error
     *                        that a row meets alone twice is that row's
     */
    public IsolatingBatchRunner(Store<T> store, Function<Throwable, Blame> blame, boolean statementProven) {
        this.store = store;
        this.blame = blame;
        this.statementProven = statementProven;
    }

    /** @param isRowFailure whether a failure was caused by the rows' data; nothing else is ever blamed on them */
    public IsolatingBatchRunner(Store<T> store, Predicate<Throwable> isRowFailure) {
        this(store, f -> isRowFailure.test(f) ? Blame.ROW : Blame.NOT_ROWS, true);
    }

    /**
     * Decides every row of {@code batch}. Fails with the cause of the first failure that is not blamed on rows
     * (or of a failed {@link Store#commitFailures}), or with {@link RefusedAlike}; rows decided before it stay
     * committed.
     */
    public Uni<Outcome> run(List<T> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(new Outcome(0, 0, 0));
        }
        return Uni.createFrom().deferred(() -> {
            Run run = new Run(List.copyOf(batch));
            return Multi.createBy()
                    .repeating()
                    .uni(() -> run, Run::step)
                    .whilst(morePending -> morePending)
                    .collect()
                    .last()
                    .flatMap(ignored -> run.settleSuspects())
                    .map(ignored -> run.outcome());
        });
    }

    /** The state of one {@link #run}; its steps run one after the other. */
    private final class Run {

        private final Deque<List<T>> pending = new ArrayDeque<>();
        private final List<Failed<T>> suspects = new ArrayList<>();
        private boolean proven = statementProven;
        private int succeeded;
        private int failed;
        private int attempts;

        Run(List<T> batch) {
            pending.push(batch);
        }

        /** Tries the next pending rows (with the suspects before them); emits whether rows remain pending. */
        Uni<Boolean> step() {
            List<T> rows = pending.pop();
            return commit(rows)
                    .onFailure(f -> blame.apply(f) != Blame.NOT_ROWS)
                    .recoverWithUni(cause -> isolate(rows, cause))
                    .map(ignored -> !pending.isEmpty());
        }

        private Uni<Void> commit(List<T> rows) {
            attempts++;
            List<Failed<T>> before = List.copyOf(suspects);
            return store.commitRows(rows, before).invoke(() -> {
                succeeded += rows.size();
                failed += before.size();
                suspects.clear();
                proven = true;
            });
        }

        private Uni<Void> isolate(List<T> rows, Throwable cause) {
            if (rows.size() > 1) {
                int half = rows.size() / 2;
                pending.push(rows.subList(half, rows.size()));
                pending.push(rows.subList(0, half));
                return Uni.createFrom().voidItem();
            }
            T row = rows.get(0);
            if (blame.apply(cause) == Blame.ROW) {
                proven = true;
                return recordFailed(new Failed<>(row, cause));
            }
            // Alone, with an error nobody knows: once more, in a transaction of its own, before suspecting it.
            return commit(rows).onFailure(f -> blame.apply(f) != Blame.NOT_ROWS).recoverWithUni(again -> {
                if (blame.apply(again) == Blame.ROW) {
                    proven = true;
                    return recordFailed(new Failed<>(row, again));
                }
                suspects.add(new Failed<>(row, again));
                return proven ? recordFailed(null) : Uni.createFrom().voidItem();
            });
        }

        /** Records the suspects and {@code row} (if any) as failed, in one transaction. */
        private Uni<Void> recordFailed(Failed<T> row) {
            List<Failed<T>> failures = new ArrayList<>(suspects);
            if (row != null) {
                failures.add(row);
            }
            return store.commitFailures(failures).invoke(() -> {
                failed += failures.size();
                suspects.clear();
            });
        }

        /** Suspects left at the end: failed rows if the statement is proven, else the statement's fault. */
        Uni<Void> settleSuspects() {
            if (suspects.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            if (proven) {
                return recordFailed(null);
            }
            return Uni.createFrom().failure(new RefusedAlike(suspects.get(0).cause()));
        }

        Outcome outcome() {
            return new Outcome(succeeded, failed, attempts);
        }
    }
}
