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
final class JobExecution implements IsolatingBatchRunner.Store<ConvertedRow>, RunningJob {

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
    private boolean statementsProven;
    private volatile long lastProgress = System.nanoTime();

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
     * deadlock) starts a new pass after a backoff, which claims the job again and so reads the checkpoint the status
     * table holds (after a lost COMMIT reply only the database knows whether the batch is in); the job gives up
     * only after {@code retry.max-attempts} failures in a row without a committed batch between them.
     */
    private Uni<Void> attempt(int failuresInARow) {
        long[] checkpointBefore = {job.checkpointRow()};
        return start()
                .invoke(() -> checkpointBefore[0] = job.checkpointRow())
                .flatMap(v -> countRows())
                .flatMap(v -> loadTable())
                .flatMap(v -> openReader())
                .flatMap(v -> loadBatches())
                .onFailure(JobExecution::isTransient).recoverWithUni(failure -> {
                    closeReader();
                    int failures = job.checkpointRow() > checkpointBefore[0] ? 1 : failuresInARow + 1;
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

    /**
     * Claims the job (another replica's claim is fenced off from then on) and takes the checkpoint and counts the
     * claim read: nothing this replica held in memory before is written back.
     */
    private Uni<Void> start() {
        return services.store().claim(instance, job.id(), services.nodeId(), services.config().jobLease())
                .map(claim -> {
                    JobStore.Claim held = claim.orElseThrow(() -> new JobTakenOverException(job.id()));
                    job = held.job();
                    services.registry().put(job);
                    if (held.cancelRequested()) {
                        throw new StopJob(JobStatus.CANCELLED, CANCELLED);
                    }
                    progressed();
                    return null;
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
            bulkCopies = !job.options().dryRun()
                    && instance.config().writeMode().bulkCopies(plan, instance.serverIdentity());
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
        Uni<Void> written = bulkCopy != null ? bulkCopyFirst(batch) : isolate(batch);
        return written
                .invoke(() -> services.metrics().batchWritten(instance.name(), Duration.ofNanos(System.nanoTime() - started)))
                .invoke(this::checkMaxErrors);
    }

    /**
     * The whole batch in one bulk copy; if the server refuses it for any reason but a transient one, the batch is
     * decided again row by row with statements, which give each bad row its own precise error and carry no
     * bulk-load session state (the refused bulk load's connection is already closed). The next batch bulk-copies
     * again, unless bulk copy itself was refused (not a row, not an unknown error): then the rest of the run uses
     * statements.
     */
    private Uni<Void> bulkCopyFirst(List<ConvertedRow> batch) {
        Sorted sorted = new Sorted(batch, List.of());
        if (!BulkCopyWriter.carries(sorted.values)) {
            return isolate(batch);
        }
        JobRecord next = job.progressed(sorted.lastRow, job.succeeded() + sorted.accepted.size(),
                job.failed() + sorted.errors.size(), Instant.now());
        return bulkCopy.commit(sorted.values, sorted.errors, sorted.records, next)
                .invoke(() -> advance(next, BULK_COPY))
                .onFailure(JobExecution::isDecidedByStatements).recoverWithUni(refused -> {
                    FailureKind kind = SqlServerDialect.classify(refused);
                    LOG.debugf("Job %d: bulk copy of rows %d-%d refused (%s), deciding them with statements: %s",
                            job.id(), batch.get(0).rowNumber(), sorted.lastRow, kind, SqlServerDialect.describe(refused));
                    if (kind == FailureKind.FATAL) {
                        LOG.warnf("Job %d: the server refused bulk copy (%s); the rest of this run uses statements",
                                job.id(), SqlServerDialect.describe(refused));
                        return closeBulkCopy().flatMap(v -> isolate(batch));
                    }
                    return isolate(batch);
                });
    }

    /** Decides every row of the batch with statements, failing only the rows the server refuses alone. */
    private Uni<Void> isolate(List<ConvertedRow> batch) {
        boolean proven = statementsProven || (bulkCopy == null && job.succeeded() > 0);
        return new IsolatingBatchRunner<>(this, JobExecution::blame, proven).run(batch)
                .onFailure(IsolatingBatchRunner.RefusedAlike.class).transform(refused -> new StopJob(JobStatus.ERROR,
                        "the server refused every row of rows " + batch.get(0).rowNumber() + "-"
                                + batch.get(batch.size() - 1).rowNumber() + " alike, with an error not known to be a"
                                + " row's fault; no row was marked failed: " + SqlServerDialect.describe(refused.getCause())))
                .replaceWithVoid();
    }

    /** A batch's rows split into accepted values and refused rows, with the errors of failed rows before them. */
    private final class Sorted {
        final List<ConvertedRow.Accepted> accepted = new ArrayList<>();
        final List<Object[]> values = new ArrayList<>();
        final List<RowError> errors = new ArrayList<>();
        final List<Map<String, String>> records = new ArrayList<>();
        final long lastRow;

        Sorted(List<ConvertedRow> rows, List<IsolatingBatchRunner.Failed<ConvertedRow>> failedBefore) {
            for (IsolatingBatchRunner.Failed<ConvertedRow> failed : failedBefore) {
                errors.add(failedError(failed));
                records.add(record(failed.row().source()));
            }
            for (ConvertedRow row : rows) {
                if (row instanceof ConvertedRow.Accepted a) {
                    accepted.add(a);
                    values.add(a.values());
                } else if (row instanceof ConvertedRow.Rejected r) {
                    errors.add(r.error());
                    records.add(record(r.source()));
                }
            }
            long last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).rowNumber();
            for (IsolatingBatchRunner.Failed<ConvertedRow> failed : failedBefore) {
                last = Math.max(last, failed.row().rowNumber());
            }
            lastRow = last;
        }
    }

    private static RowError failedError(IsolatingBatchRunner.Failed<ConvertedRow> failed) {
        return new RowError(failed.row().rowNumber(), SqlServerDialect.errorNumber(failed.cause()),
                SqlServerDialect.describe(failed.cause()));
    }

    private void checkMaxErrors() {
        Long maxErrors = job.options().maxErrors();
        if (maxErrors != null && job.failed() > maxErrors) {
            throw new StopJob(JobStatus.ERROR, "stopped: " + job.failed() + " rows failed, more than maxErrors "
                    + maxErrors);
        }
    }

    /**
     * One transaction of statements: the rows decided as failed before these, these rows' accepted values, their
     * failed rows (refused by validation, or matching nothing for update and delete), and the checkpoint at the
     * last of them.
     */
    @Override
    public Uni<Void> commitRows(List<ConvertedRow> rows, List<IsolatingBatchRunner.Failed<ConvertedRow>> failedBefore) {
        Sorted sorted = new Sorted(rows, failedBefore);
        return instance.pool().withTransaction(tx ->
                        (job.options().dryRun() ? Uni.createFrom().item((int[]) null) : writer.write(tx, sorted.values))
                                .flatMap(counts -> {
                                    List<RowError> errors = new ArrayList<>(sorted.errors);
                                    List<Map<String, String>> records = new ArrayList<>(sorted.records);
                                    int unmatched = collectUnmatched(sorted.accepted, counts, errors, records);
                                    JobRecord next = job.progressed(sorted.lastRow,
                                            job.succeeded() + sorted.accepted.size() - unmatched,
                                            job.failed() + errors.size(), Instant.now());
                                    return services.store().insertErrors(tx, instance, job.id(), errors, records)
                                            .flatMap(v -> services.store().checkpoint(tx, instance, next))
                                            .replaceWith(next);
                                }))
                .invoke(next -> {
                    statementsProven |= !sorted.values.isEmpty();
                    advance(next, STATEMENTS);
                })
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
    public Uni<Void> commitFailures(List<IsolatingBatchRunner.Failed<ConvertedRow>> failed) {
        Sorted sorted = new Sorted(List.of(), failed);
        JobRecord next = job.progressed(sorted.lastRow, job.succeeded(), job.failed() + sorted.errors.size(), Instant.now());
        return instance.pool().withTransaction(tx ->
                        services.store().insertErrors(tx, instance, job.id(), sorted.errors, sorted.records)
                                .flatMap(v -> services.store().checkpoint(tx, instance, next)))
                .invoke(() -> advance(next, STATEMENTS));
    }

    /** @param writer how the rows went in, for the metrics: a bulk-copy job writes some batches with statements */
    private void advance(JobRecord next, String writer) {
        services.metrics().rowsCommitted(instance.name(), job.action(), writer, next.succeeded() - job.succeeded(),
                next.failed() - job.failed());
        job = next;
        services.registry().put(next);
        progressed();
    }

    private void progressed() {
        lastProgress = System.nanoTime();
    }

    @Override
    public JobRecord current() {
        return job;
    }

    @Override
    public long lastProgressNanos() {
        return lastProgress;
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
        JobRecord unended = job;
        job = job.finished(status, message, Instant.now());
        return JobSteps.saveEnd(services, instance, job, unended).invoke(saved -> job = saved);
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

    private static IsolatingBatchRunner.Blame blame(Throwable f) {
        if (f instanceof StopJob || f instanceof JobTakenOverException || f instanceof JobPaused) {
            return IsolatingBatchRunner.Blame.NOT_ROWS;
        }
        return switch (SqlServerDialect.classify(f)) {
            case ROW -> IsolatingBatchRunner.Blame.ROW;
            case UNKNOWN -> IsolatingBatchRunner.Blame.SUSPECT;
            default -> IsolatingBatchRunner.Blame.NOT_ROWS;
        };
    }

    /** A bulk copy refused for anything but a transient reason, or the loss of the job, is decided again by statements. */
    private static boolean isDecidedByStatements(Throwable f) {
        return !(f instanceof StopJob) && !(f instanceof JobTakenOverException) && !(f instanceof JobPaused)
                && SqlServerDialect.classify(f) != FailureKind.TRANSIENT;
    }

    private static boolean isTransient(Throwable f) {
        return !(f instanceof StopJob) && !(f instanceof JobTakenOverException) && !(f instanceof JobPaused)
                && SqlServerDialect.classify(f) == FailureKind.TRANSIENT;
    }

}
