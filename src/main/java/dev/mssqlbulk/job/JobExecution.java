package dev.mssqlbulk.job;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.ingest.ConvertedRow;
import dev.mssqlbulk.ingest.IsolatingBatchRunner;
import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.RowConverter;
import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.ingest.SourceRow;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.write.BulkCopyWriter;
import dev.mssqlbulk.write.RowWriter;
import dev.mssqlbulk.write.WriteAction;
import dev.mssqlbulk.write.WritePlan;
import dev.mssqlbulk.write.SqlServerDialect;
import dev.mssqlbulk.write.SqlServerDialect.FailureKind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One run of one job: reads the staged upload from the checkpoint on, converts each batch on a worker thread,
 * and commits each batch together with the job's checkpoint. Lives for the run; its state is touched by one
 * step at a time.
 */
final class JobExecution implements IsolatingBatchRunner.Store<ConvertedRow> {

    private static final Logger LOG = Logger.getLogger(JobExecution.class);
    static final String CANCELLED = "cancelled on request";
    private static final String BULK_COPY = "bulk-copy";
    private static final String STATEMENTS = "batch";

    private final Instance instance;
    private final JobServices services;
    private final Executor worker;
    private final BooleanSupplier draining;
    private JobRecord job;
    private WritePlan plan;
    private RowWriter writer;
    private BulkCopyTransactions bulkCopy;
    private RowConverter converter;
    private RecordReader reader;
    private boolean reloadCheckpoint;

    JobExecution(Instance instance, JobRecord job, JobServices services, Executor worker, BooleanSupplier draining) {
        this.draining = draining;
        this.instance = instance;
        this.job = job;
        this.services = services;
        this.worker = worker;
    }

    Uni<JobRecord> run() {
        return attempt(0)
                .replaceWith(() -> new StopJob(JobStatus.COMPLETE, summary()))
                .onFailure(StopJob.class).recoverWithItem(f -> (StopJob) f)
                .flatMap(stop -> finish(stop.status, stop.getMessage()))
                .onFailure(JobTakenOverException.class).recoverWithUni(this::interrupted)
                .onFailure(JobPaused.class).recoverWithItem(f -> {
                    LOG.infof("Job %d: paused for shutdown after row %d; it resumes from there", job.id(),
                            job.checkpointRow());
                    return job;
                })
                .onFailure().recoverWithUni(f -> {
                    LOG.errorf(f, "Job %d failed", job.id());
                    return finish(JobStatus.ERROR, SqlServerDialect.describe(f));
                })
                .eventually(this::closeReader)
                .eventually(this::closeBulkCopy);
    }

    /**
     * One pass over the job from its checkpoint. A transient failure anywhere (lost connection, failover,
     * deadlock) starts a new pass after a backoff, from the checkpoint the status table holds; the job gives up
     * only after {@code retry.max-attempts} failures in a row without a committed batch between them.
     */
    private Uni<Void> attempt(int failuresInARow) {
        long checkpointBefore = job.checkpointRow();
        return reloadIfNeeded()
                .flatMap(v -> start())
                .flatMap(v -> countRows())
                .flatMap(v -> loadTable())
                .flatMap(v -> openReader())
                .flatMap(v -> loadBatches())
                .onFailure(JobExecution::isTransient).recoverWithUni(failure -> {
                    closeReader();
                    reloadCheckpoint = true;
                    int failures = job.checkpointRow() > checkpointBefore ? 1 : failuresInARow + 1;
                    BulkConfig.Retry retry = services.config().retry();
                    if (failures >= retry.maxAttempts()) {
                        return Uni.createFrom().failure(new StopJob(JobStatus.ERROR, "database unreachable after "
                                + failures + " attempts: " + SqlServerDialect.describe(failure)));
                    }
                    Duration pause = backoff(retry, failures);
                    LOG.warnf("Job %d: transient failure %d of %d, resuming from row %d in %d ms: %s", job.id(),
                            failures, retry.maxAttempts(), job.checkpointRow() + 1, pause.toMillis(),
                            SqlServerDialect.describe(failure));
                    return Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                            .flatMap(v -> attempt(failures));
                });
    }

    private static Duration backoff(BulkConfig.Retry retry, int failures) {
        long millis = retry.initialBackoff().toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, retry.maxBackoff().toMillis()));
    }

    private Uni<Void> start() {
        Instant now = Instant.now();
        return services.store().claim(instance, job.id(), services.nodeId(), now, now.minus(services.config().jobLease()))
                .flatMap(claimed -> claimed ? services.store().cancelRequested(instance, job.id())
                        : Uni.createFrom().failure(new JobTakenOverException(job.id())))
                .flatMap(cancelled -> {
                    if (cancelled) {
                        return Uni.createFrom().failure(new StopJob(JobStatus.CANCELLED, CANCELLED));
                    }
                    job = job.running(services.nodeId(), now);
                    services.registry().put(job);
                    return services.store().update(instance, job);
                });
    }

    /**
     * The checkpoint refused to move: a cancel was requested, or another replica owns the job now. Either way
     * this replica stops writing; it never overwrites the status of a job it may no longer own.
     */
    private Uni<JobRecord> interrupted(Throwable takenOver) {
        return services.store().cancelRequested(instance, job.id())
                .onFailure().recoverWithItem(false)
                .flatMap(cancelled -> {
                    if (cancelled) {
                        return finish(JobStatus.CANCELLED, CANCELLED);
                    }
                    LOG.infof("Job %d: %s", job.id(), takenOver.getMessage());
                    return Uni.createFrom().item(job);
                });
    }

    private Uni<Void> countRows() {
        if (job.recordsCount() > 0) {
            return Uni.createFrom().voidItem();
        }
        return onWorker(() -> job.options().countRows(job.stagedFile()))
                .flatMap(rows -> {
                    job = job.counted(rows);
                    services.registry().put(job);
                    return services.store().update(instance, job);
                });
    }

    private Uni<Void> loadTable() {
        return services.catalog().table(instance, job.objectName()).map(found -> {
            var table = found.orElseThrow(() -> new StopJob(JobStatus.ERROR,
                    "object '" + job.objectName() + "' no longer exists or is no longer exposed"));
            try {
                plan = WritePlan.of(table, job.header(), WriteAction.parse(job.action()),
                        job.options().identifierFieldName());
            } catch (UploadRejected e) {
                throw new StopJob(JobStatus.ERROR, "the table changed since the upload: " + e.getMessage());
            }
            converter = new RowConverter(plan.mapping(), job.options().fieldNames(plan.mapping().header()));
            writer = RowWriter.forPlan(plan);
            return null;
        }).flatMap(v -> closeBulkCopy()).invoke(this::chooseBulkCopy);
    }

    /** Bulk copy when the instance's write mode and the plan allow it; dry runs write nothing either way. */
    private void chooseBulkCopy() {
        boolean bulkCopies;
        try {
            bulkCopies = !job.options().dryRun() && instance.config().writeMode().bulkCopies(plan);
        } catch (UploadRejected e) {
            throw new StopJob(JobStatus.ERROR, e.getMessage());
        }
        if (bulkCopies) {
            bulkCopy = new BulkCopyTransactions(instance, services.store(),
                    new BulkCopyWriter(plan, instance.config().bulkCopyTimeout()), services.bulkCopyWorkers());
        }
        LOG.debugf("Job %d: writing %s with %s", job.id(), plan.table().quotedName(),
                bulkCopies ? "bulk copy" : "prepared statements");
    }

    private Uni<Void> closeBulkCopy() {
        if (bulkCopy == null) {
            return Uni.createFrom().voidItem();
        }
        BulkCopyTransactions closing = bulkCopy;
        bulkCopy = null;
        return closing.close();
    }

    private Uni<Void> openReader() {
        return onWorker(() -> {
            reader = job.options().open(job.stagedFile());
            reader.skip(job.checkpointRow());
            return null;
        });
    }

    private Uni<Void> loadBatches() {
        return Multi.createBy().repeating().uni(this::readBatch).until(List::isEmpty)
                .onItem().transformToUniAndConcatenate(this::writeBatch)
                .collect().last().replaceWithVoid();
    }

    /** Reads and converts the next batch on a worker: parsing and conversion are CPU work, reading is blocking I/O. */
    private Uni<List<ConvertedRow>> readBatch() {
        return onWorker(() -> {
            List<ConvertedRow> batch = new ArrayList<>(job.options().batchSize());
            SourceRow row;
            while (batch.size() < job.options().batchSize() && (row = reader.next()) != null) {
                batch.add(converter.convert(row));
            }
            return batch;
        });
    }

    private Uni<Void> writeBatch(List<ConvertedRow> batch) {
        if (services.registry().cancelRequested(job.id())) {
            throw new StopJob(JobStatus.CANCELLED, CANCELLED);
        }
        if (draining.getAsBoolean()) {
            throw new JobPaused();
        }
        long started = System.nanoTime();
        return new IsolatingBatchRunner<>(this, JobExecution::isRowFailure).run(batch)
                .replaceWithVoid()
                .invoke(() -> services.metrics().batchWritten(instance.name(), Duration.ofNanos(System.nanoTime() - started)))
                .invoke(this::checkMaxErrors);
    }

    /**
     * After a lost connection the last commit may or may not have happened: the status table knows. The pass
     * that follows reads the file again from that checkpoint.
     */
    private Uni<Void> reloadIfNeeded() {
        if (!reloadCheckpoint) {
            return Uni.createFrom().voidItem();
        }
        return services.store().find(instance, job.id()).map(found -> {
            JobRecord stored = found.orElseThrow(() -> new StopJob(JobStatus.ERROR, "job row disappeared"));
            job = job.progressed(stored.checkpointRow(), stored.succeeded(), stored.failed(), job.heartbeat());
            services.registry().put(job);
            reloadCheckpoint = false;
            return null;
        });
    }

    private void checkMaxErrors() {
        Long maxErrors = job.options().maxErrors();
        if (maxErrors != null && job.failed() > maxErrors) {
            throw new StopJob(JobStatus.ERROR, "stopped: " + job.failed() + " rows failed, more than maxErrors "
                    + maxErrors);
        }
    }

    /**
     * One transaction: the batch's accepted rows, its failed rows (refused by validation, or matching nothing for
     * update and delete), and the checkpoint at its last row.
     */
    @Override
    public Uni<Void> commitRows(List<ConvertedRow> rows) {
        List<ConvertedRow.Accepted> accepted = new ArrayList<>(rows.size());
        List<ConvertedRow.Rejected> rejected = new ArrayList<>();
        for (ConvertedRow row : rows) {
            if (row instanceof ConvertedRow.Accepted a) {
                accepted.add(a);
            } else if (row instanceof ConvertedRow.Rejected r) {
                rejected.add(r);
            }
        }
        List<Object[]> values = accepted.stream().map(ConvertedRow.Accepted::values).toList();
        List<RowError> rejectedErrors = rejected.stream().map(ConvertedRow.Rejected::error).toList();
        List<Map<String, String>> rejectedRecords = rejected.stream().map(r -> record(r.source())).toList();
        long lastRow = rows.get(rows.size() - 1).rowNumber();
        if (bulkCopy != null && BulkCopyWriter.carries(values)) {
            JobRecord next = job.progressed(lastRow, job.succeeded() + accepted.size(),
                    job.failed() + rejectedErrors.size(), Instant.now());
            return bulkCopy.commit(values, rejectedErrors, rejectedRecords, next).invoke(() -> advance(next, BULK_COPY));
        }
        return instance.pool().withTransaction(tx ->
                        (job.options().dryRun() ? Uni.createFrom().item((int[]) null) : writer.write(tx, values))
                                .flatMap(counts -> {
                                    List<RowError> errors = new ArrayList<>(rejectedErrors);
                                    List<Map<String, String>> records = new ArrayList<>(rejectedRecords);
                                    int unmatched = collectUnmatched(accepted, counts, errors, records);
                                    JobRecord next = job.progressed(lastRow, job.succeeded() + accepted.size() - unmatched,
                                            job.failed() + errors.size(), Instant.now());
                                    return services.store().insertErrors(tx, instance, job.id(), errors, records)
                                            .flatMap(v -> services.store().checkpoint(tx, instance, next))
                                            .replaceWith(next);
                                }))
                .invoke(next -> advance(next, STATEMENTS))
                .replaceWithVoid();
    }

    /**
     * Update and delete rows whose key matched no row fail, each naming its key. Appended after the refused rows:
     * an error and its record stay at the same position (the errors are read back in row order).
     */
    private int collectUnmatched(List<ConvertedRow.Accepted> accepted, int[] counts, List<RowError> errors,
                                 List<Map<String, String>> records) {
        WriteAction action = plan.action();
        if (counts == null || (action != WriteAction.UPDATE && action != WriteAction.DELETE)) {
            return 0;
        }
        int unmatched = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                ConvertedRow.Accepted row = accepted.get(i);
                errors.add(RowError.validation(row.rowNumber(), "no row of '" + plan.table().name()
                        + "' matches " + describeKey(row.source())));
                records.add(record(row.source()));
                unmatched++;
            }
        }
        return unmatched;
    }

    private String describeKey(SourceRow source) {
        return plan.keys().stream().map(key -> {
            int index = plan.mapping().columns().indexOf(key);
            return key.name() + "=" + source.values()[index];
        }).collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public Uni<Void> commitFailure(ConvertedRow row, Throwable cause) {
        RowError error = new RowError(row.rowNumber(), SqlServerDialect.errorNumber(cause), SqlServerDialect.describe(cause));
        JobRecord next = job.progressed(row.rowNumber(), job.succeeded(), job.failed() + 1, Instant.now());
        return instance.pool().withTransaction(tx ->
                        services.store().insertErrors(tx, instance, job.id(), List.of(error), List.of(record(row.source())))
                                .flatMap(v -> services.store().checkpoint(tx, instance, next)))
                .invoke(() -> advance(next, bulkCopy != null ? BULK_COPY : STATEMENTS));
    }

    /** @param writer how the rows went in, for the metrics: a bulk-copy job writes some batches with statements */
    private void advance(JobRecord next, String writer) {
        services.metrics().rowsCommitted(instance.name(), job.action(), writer, next.succeeded() - job.succeeded(),
                next.failed() - job.failed());
        job = next;
        services.registry().put(next);
    }

    private Map<String, String> record(SourceRow source) {
        Map<String, String> record = new LinkedHashMap<>();
        List<String> header = job.header();
        for (int i = 0; i < header.size(); i++) {
            record.put(header.get(i), i < source.values().length ? source.values()[i] : null);
        }
        return record;
    }

    private Uni<JobRecord> finish(JobStatus status, String message) {
        job = job.finished(status, message, Instant.now());
        return JobSteps.saveEnd(services, instance, job);
    }

    private String summary() {
        return (job.options().dryRun() ? "dry run: " : "") + job.succeeded() + " rows succeeded, " + job.failed() + " failed";
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.debugf("closing the reader of job %d: %s", job.id(), e.getMessage());
            }
        }
    }

    private <T> Uni<T> onWorker(JobSteps.IoWork<T> work) {
        return JobSteps.onWorker(worker, "cannot read the staged upload", work);
    }

    private static boolean isRowFailure(Throwable f) {
        return SqlServerDialect.classify(f) == FailureKind.ROW;
    }

    private static boolean isTransient(Throwable f) {
        return !(f instanceof StopJob) && !(f instanceof JobTakenOverException) && !(f instanceof JobPaused)
                && SqlServerDialect.classify(f) == FailureKind.TRANSIENT;
    }

}
