package dev.mssqlbulk.ingest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes a batch so that bad rows fail only themselves: the whole batch is tried in one transaction; when the
 * database refuses it because of a row, it is split in halves, left before right, until each bad row is alone
 * and recorded as failed. Rows are decided in ascending order, so the checkpoint only moves forward.
 *
 * <p>The pending halves live on an explicit stack and each attempt is one step of a repeating {@link Multi},
 * so the depth of Uni chains stays constant however many rows fail.
 */
public final class IsolatingBatchRunner<T> {

    /** The database side of a batch. Each method is one transaction that rolls itself back on failure. */
    public interface Store<T> {

        /** Writes these rows and moves the checkpoint to the last of them. */
        Uni<Void> commitRows(List<T> rows);

        /** Records this row as failed with {@code cause} and moves the checkpoint to it. */
        Uni<Void> commitFailure(T row, Throwable cause);
    }

    /**
     * @param succeeded rows written
     * @param failed    rows recorded as failed
     * @param attempts  calls of {@link Store#commitRows}
     */
    public record Outcome(int succeeded, int failed, int attempts) {
    }

    private final Store<T> store;
    private final Predicate<Throwable> isRowFailure;

    /**
     * @param isRowFailure whether a failure of {@link Store#commitRows} was caused by the rows' data (constraint,
     *                     conversion, truncation...) rather than by the connection or the database's state
     */
    public IsolatingBatchRunner(Store<T> store, Predicate<Throwable> isRowFailure) {
        this.store = store;
        this.isRowFailure = isRowFailure;
    }

    /**
     * Decides every row of {@code batch}. Fails with the cause of the first failure that is not a row failure
     * (or of a failed {@link Store#commitFailure}); rows decided before it stay committed.
     */
    public Uni<Outcome> run(List<T> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(new Outcome(0, 0, 0));
        }
        return Uni.createFrom().deferred(() -> {
            Run run = new Run(List.copyOf(batch));
            return Multi.createBy().repeating().uni(() -> run, Run::step)
                    .whilst(morePending -> morePending)
                    .collect().last()
                    .map(ignored -> run.outcome());
        });
    }

    /** The state of one {@link #run}; its steps run one after the other. */
    private final class Run {

        private final Deque<List<T>> pending = new ArrayDeque<>();
        private int succeeded;
        private int failed;
        private int attempts;

        Run(List<T> batch) {
            pending.push(batch);
        }

        /** Tries the next pending rows; emits whether rows remain pending. */
        Uni<Boolean> step() {
            List<T> rows = pending.pop();
            attempts++;
            return store.commitRows(rows)
                    .invoke(() -> succeeded += rows.size())
                    .onFailure(isRowFailure).recoverWithUni(cause -> isolate(rows, cause))
                    .map(ignored -> !pending.isEmpty());
        }

        private Uni<Void> isolate(List<T> rows, Throwable cause) {
            if (rows.size() == 1) {
                return store.commitFailure(rows.get(0), cause).invoke(() -> failed++);
            }
            int half = rows.size() / 2;
            pending.push(rows.subList(half, rows.size()));
            pending.push(rows.subList(0, half));
            return Uni.createFrom().voidItem();
        }

        Outcome outcome() {
            return new Outcome(succeeded, failed, attempts);
        }
    }
}
