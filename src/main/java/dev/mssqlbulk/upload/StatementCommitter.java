package dev.mssqlbulk.upload;

import dev.mssqlbulk.ingest.ConvertedRow;
import dev.mssqlbulk.ingest.IsolatingBatchRunner;
import dev.mssqlbulk.ingest.ResumePoint;
import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.ingest.SourceRow;
import dev.mssqlbulk.job.FailedRows;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;
import dev.mssqlbulk.job.JobStatus;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.job.StopJob;
import dev.mssqlbulk.sqlserver.ServerFailures;
import dev.mssqlbulk.write.RowWriter;
import dev.mssqlbulk.write.WriteAction;
import dev.mssqlbulk.write.WritePlan;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Commits batches with prepared statements on the instance's reactive pool, one transaction per batch: its
 * accepted rows, its failed rows and the checkpoint. A batch the server refuses is split by the
 * {@link IsolatingBatchRunner} until only the rows the server refuses alone fail.
 */
final class StatementCommitter implements BatchCommitter, IsolatingBatchRunner.Store<ConvertedRow> {

    private final JobRun run;
    private final JobStore store;
    private final FailedRows failedRows;
    private final WritePlan plan;
    private final RowWriter writer;
    private final RowsCommitted committed;
    /** Whether rows are only validated and counted, never written. */
    private final boolean dryRun;
    /** Whether these statements are the run's writer, not only the fallback of a bulk copy. */
    private boolean runsAlone;
    /** Whether a statement of this run has written a row: a row's unknown error is then the row's own. */
    private boolean proven;
    /**
     * Where the record after the last row of the batch being committed starts, or null: its transactions store it
     * with their checkpoint when that is the batch's last row (a split batch's earlier parts store none).
     */
    private ResumePoint after;

    StatementCommitter(
            JobRun run,
            JobStore store,
            FailedRows failedRows,
            WritePlan plan,
            RowsCommitted committed,
            boolean dryRun,
            boolean runsAlone) {
        this.run = run;
        this.store = store;
        this.failedRows = failedRows;
        this.plan = plan;
        this.writer = RowWriter.forPlan(plan);
        this.committed = committed;
        this.dryRun = dryRun;
        this.runsAlone = runsAlone;
    }

    /** The bulk copy this committer stood in for was refused for good: the rest of the run is statements. */
    void takeOver() {
        runsAlone = true;
    }

    /** Decides every row of the batch, failing only the rows the server refuses alone. */
    @Override
    public Uni<Void> commit(Batch read) {
        if (read.textLetGo()) {
            throw new IllegalArgumentException("statements decide rows with their text; read the batch again first");
        }
        List<ConvertedRow> batch = read.rows();
        this.after = read.after();
        boolean statementProven = proven || (runsAlone && run.job().succeeded() > 0);
        return new IsolatingBatchRunner<>(this, UploadRun::blame, statementProven)
                .run(batch)
                .onFailure(IsolatingBatchRunner.RefusedAlike.class)
                .transform(refused -> new StopJob(
                        JobStatus.ERROR,
                        "the server refused every row of rows " + batch.get(0).rowNumber() + "-"
                                + batch.get(batch.size() - 1).rowNumber() + " alike, with an error not known to be a"
                                + " row's fault; no row was marked failed: "
                                + ServerFailures.describe(refused.getCause())))
                .replaceWithVoid();
    }

    /**
     * One transaction of statements: the rows decided as failed before these, these rows' accepted values, their
     * failed rows (refused by validation, or matching nothing for update and delete), and the checkpoint at the
     * last of them.
     */
    @Override
    public Uni<Void> commitRows(List<ConvertedRow> rows, List<IsolatingBatchRunner.Failed<ConvertedRow>> failedBefore) {
        JobRecord job = run.job();
        SortedRows sorted = new SortedRows(job.header(), rows, failedBefore);
        return run.instance()
                .pool()
                .withTransaction(tx -> (dryRun ? Uni.createFrom().item((int[]) null) : writer.write(tx, sorted.values))
                        .flatMap(counts -> {
                            List<RowError> errors = new ArrayList<>(sorted.errors);
                            List<Map<String, String>> records = new ArrayList<>(sorted.records);
                            int unmatched = collectUnmatched(job, sorted.accepted, counts, errors, records);
                            JobRecord next = job.progressed(
                                    sorted.lastRow,
                                    after,
                                    job.succeeded() + sorted.accepted.size() - unmatched,
                                    job.failed() + errors.size(),
                                    Instant.now());
                            return failedRows
                                    .insert(tx, run.instance(), job.id(), errors, records)
                                    .flatMap(v -> store.checkpoint(tx, run.instance(), next))
                                    .replaceWith(next);
                        }))
                .invoke(next -> {
                    proven |= !sorted.values.isEmpty();
                    committed.advance(next, RowsCommitted.STATEMENTS);
                })
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> commitFailures(List<IsolatingBatchRunner.Failed<ConvertedRow>> failed) {
        JobRecord job = run.job();
        SortedRows sorted = new SortedRows(job.header(), List.of(), failed);
        JobRecord next = job.progressed(
                sorted.lastRow, after, job.succeeded(), job.failed() + sorted.errors.size(), Instant.now());
        return run.instance()
                .pool()
                .withTransaction(tx -> failedRows
                        .insert(tx, run.instance(), job.id(), sorted.errors, sorted.records)
                        .flatMap(v -> store.checkpoint(tx, run.instance(), next)))
                .invoke(() -> committed.advance(next, RowsCommitted.STATEMENTS));
    }

    /**
     * Update and delete rows whose key matched no row fail, each naming its key. Appended after the refused rows:
     * an error and its record stay at the same position (the errors are read back in row order).
     */
    private int collectUnmatched(
            JobRecord job,
            List<ConvertedRow> accepted,
            int[] counts,
            List<RowError> errors,
            List<Map<String, String>> records) {
        WriteAction action = plan.action();
        if (counts == null || (action != WriteAction.UPDATE && action != WriteAction.DELETE)) {
            return 0;
        }
        int unmatched = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                ConvertedRow row = accepted.get(i);
                errors.add(RowError.validation(
                        row.rowNumber(),
                        "no row of '" + plan.table().name() + "' matches " + describeKey(row.source())));
                records.add(SortedRows.record(job.header(), row.source()));
                unmatched++;
            }
        }
        return unmatched;
    }

    private String describeKey(SourceRow source) {
        return plan.keys().stream()
                .map(key -> {
                    int index = plan.mapping().columns().indexOf(key);
                    return key.name() + "=" + source.values()[index];
                })
                .collect(Collectors.joining(", "));
    }
}
