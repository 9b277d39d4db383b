package dev.mssqlbulk.upload;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.ingest.ConvertedRow;
import dev.mssqlbulk.ingest.IsolatingBatchRunner;
import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.ResumePoint;
import dev.mssqlbulk.ingest.RowConverter;
import dev.mssqlbulk.ingest.SourceRow;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.ingest.UploadSource;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.FailedRows;
import dev.mssqlbulk.job.JobMetrics;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;
import dev.mssqlbulk.job.JobStatus;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.job.StopJob;
import dev.mssqlbulk.sqlserver.ServerFailures;
import dev.mssqlbulk.staging.StagedFiles;
import dev.mssqlbulk.write.BulkCopyChoice;
import dev.mssqlbulk.write.BulkCopyWriter;
import dev.mssqlbulk.write.WriteAction;
import dev.mssqlbulk.write.WritePlan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The work of one upload run: each pass counts the rows once, plans the write against the table as it is now,
 * chooses the batch committer once, reads the staged upload from the checkpoint on, converts each batch on a worker
 * thread and hands it to the committer, which commits it together with the job's checkpoint.
 */
final class UploadRun implements JobRun.Work {

    private static final Logger LOG = Logger.getLogger(UploadRun.class);
    private static final String CANNOT_READ = "cannot read the staged upload";

    private final JobRun run;
    private final Catalog catalog;
    private final JobStore store;
    private final FailedRows failedRows;
    private final JobMetrics metrics;
    private final Executor bulkCopyWorkers;
    private final BatchSizer sizer;
    private final StagedFiles staged;
    private RowConverter converter;
    private BatchCommitter committer;
    private RecordReader reader;
    /** The next batch, being read on a worker while the current one is written; null when none is. */
    private CompletableFuture<Batch> ahead;

    UploadRun(
            JobRun run,
            Catalog catalog,
            JobStore store,
            FailedRows failedRows,
            JobMetrics metrics,
            Executor bulkCopyWorkers,
            BatchSizer sizer,
            StagedFiles staged) {
        this.run = run;
        this.catalog = catalog;
        this.store = store;
        this.failedRows = failedRows;
        this.metrics = metrics;
        this.bulkCopyWorkers = bulkCopyWorkers;
        this.sizer = sizer;
        this.staged = staged;
    }

    @Override
    public Uni<String> pass() {
        return closeReader()
                .flatMap(v -> countRows())
                .flatMap(v -> plan())
                .flatMap(v -> openReader())
                .flatMap(v -> loadBatches())
                .map(v -> summary(run.job()));
    }

    @Override
    public long keptProgress() {
        return run.job().checkpointRow();
    }

    @Override
    public Uni<Void> close() {
        return closeReader().flatMap(v -> closeCommitter());
    }

    private Uni<Void> countRows() {
        JobRecord job = run.job();
        if (job.recordsCount() > 0) {
            return Uni.createFrom().voidItem();
        }
        return run.onWorker(CANNOT_READ, () -> job.options().countRows(upload(job)))
                .flatMap(rows -> run.save(job.counted(rows)));
    }

    /** Plans the write against the table as it is now, and chooses how batches are committed. */
    private Uni<Void> plan() {
        JobRecord job = run.job();
        Instance instance = run.instance();
        return catalog.table(instance, job.objectName())
                .map(found -> {
                    var table = found.orElseThrow(() -> new StopJob(
                            JobStatus.ERROR,
                            "object '" + job.objectName() + "' no longer exists or is no longer exposed"));
                    try {
                        return WritePlan.of(
                                table,
                                job.header(),
                                WriteAction.parse(job.action()),
                                job.options().identifierFieldName());
                    } catch (UploadRejected e) {
                        throw new StopJob(JobStatus.ERROR, "the table changed since the upload: " + e.getMessage());
                    }
                })
                .call(plan -> closeCommitter())
                .invoke(plan -> {
                    converter = new RowConverter(
                            plan.mapping(),
                            job.options().fieldNames(plan.mapping().header()));
                    committer = committerFor(plan);
                })
                .replaceWithVoid();
    }

    /** Bulk copy when the instance's write mode and the plan allow it; dry runs write nothing either way. */
    private BatchCommitter committerFor(WritePlan plan) {
        JobRecord job = run.job();
        Instance instance = run.instance();
        boolean bulkCopies;
        try {
            bulkCopies = !job.options().dryRun()
                    && BulkCopyChoice.bulkCopies(instance.config().writeMode(), plan, instance.serverIdentity());
        } catch (UploadRejected e) {
            throw new StopJob(JobStatus.ERROR, e.getMessage());
        }
        LOG.debugf(
                "Job %d: writing %s with %s",
                job.id(), plan.table().quotedName(), bulkCopies ? "bulk copy" : "prepared statements");
        RowsCommitted committed = new RowsCommitted(run, metrics);
        StatementCommitter statements = new StatementCommitter(
                run, store, failedRows, plan, committed, job.options().dryRun(), !bulkCopies);
        if (!bulkCopies) {
            return statements;
        }
        BulkCopyTransactions bulkCopy = new BulkCopyTransactions(
                instance,
                store,
                failedRows,
                new BulkCopyWriter(plan, instance.config().bulkCopyTimeout()),
                bulkCopyWorkers);
        return new BulkCopyCommitter(run, bulkCopy, statements, committed, this::withText);
    }

    /** The staged upload, opened from the store afresh for each read, at any byte offset (a ranged read). */
    private UploadSource upload(JobRecord job) {
        return UploadSource.ranged(offset -> staged.open(job.stagedFile(), offset));
    }

    /** Positioned after the checkpoint: from its byte offset on when one is stored with it, else by skipping rows. */
    private Uni<Void> openReader() {
        JobRecord job = run.job();
        return run.onWorker(CANNOT_READ, () -> {
            reader = job.options().openAfter(upload(job), job.checkpointRow(), job.resumePoint());
            return null;
        });
    }

    /**
     * Writes batch after batch while the next one is read and converted: at most two batches are in memory, the one
     * on the wire and the one being read.
     */
    private Uni<Void> loadBatches() {
        return Multi.createBy()
                .repeating()
                .uni(this::nextBatch)
                .until(batch -> batch.rows().isEmpty())
                .onItem()
                .transformToUniAndConcatenate(this::writeBatch)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** The batch read ahead (or, first, a fresh read); once it is here, the read of the one after it starts. */
    private Uni<Batch> nextBatch() {
        CompletableFuture<Batch> current = ahead != null ? ahead : readBatch().subscribeAsCompletionStage();
        ahead = null;
        return Uni.createFrom().completionStage(current).invoke(batch -> {
            if (!batch.rows().isEmpty()) {
                ahead = readBatch().subscribeAsCompletionStage();
            }
        });
    }

    /**
     * Reads and converts the next batch on a worker (parsing and conversion are CPU work, reading is blocking I/O):
     * as many rows as the sizer allows, and no more bytes of upload text. When the committer takes them so and the
     * batch starts at a known offset, its accepted rows let their text go ({@link ConvertedRow.Bound}).
     */
    private Uni<Batch> readBatch() {
        int rows = sizer.rows();
        long maxBytes = sizer.maxBytes();
        boolean bind = committer.takesBoundRows();
        return run.onWorker(CANNOT_READ, () -> {
            ResumePoint start = bind ? reader.resumePoint() : null;
            List<ConvertedRow> batch = new ArrayList<>(Math.min(rows, 65_536)); // sized once, not grown by copies
            long bytes = 0;
            SourceRow row;
            while (batch.size() < rows && bytes < maxBytes && (row = reader.next()) != null) {
                bytes += textBytes(row);
                batch.add(start != null ? converter.bind(row) : converter.convert(row));
            }
            return new Batch(batch, rows, start, reader.resumePoint());
        });
    }

    /**
     * The batch with its rows' text, when its rows let their text go: each row read again from the upload (on a
     * worker, with a reader of its own, from the batch's start) and joined to the values it was converted to; else
     * the batch itself.
     */
    private Uni<Batch> withText(Batch batch) {
        if (!batch.textLetGo()) {
            return Uni.createFrom().item(batch);
        }
        JobRecord job = run.job();
        ResumePoint start = batch.start();
        return run.onWorker(CANNOT_READ, () -> {
            List<ConvertedRow> rows = new ArrayList<>(batch.rows().size());
            try (RecordReader again = job.options().openAfter(upload(job), start.row(), start)) {
                for (ConvertedRow read : batch.rows()) {
                    SourceRow row = again.next();
                    if (row == null || row.rowNumber() != read.rowNumber()) {
                        throw new IOException("reading the upload again from row " + (start.row() + 1) + " found "
                                + (row == null ? "its end" : "row " + row.rowNumber()) + " where row "
                                + read.rowNumber() + " was");
                    }
                    rows.add(
                            read instanceof ConvertedRow.Bound bound
                                    ? new ConvertedRow.Accepted(row, bound.values())
                                    : read);
                }
            }
            return batch.withText(rows);
        });
    }

    /** The size of a row's text in memory, roughly: two bytes a character plus a reference and header per value. */
    private static long textBytes(SourceRow row) {
        long bytes = 0;
        for (String value : row.values()) {
            bytes += 24 + (value == null ? 0 : 2L * value.length());
        }
        return bytes;
    }

    private Uni<Void> writeBatch(Batch batch) {
        run.checkContinue();
        long started = System.nanoTime();
        long failedBefore = run.job().failed();
        return committer
                .commit(batch)
                .invoke(() -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    metrics.batchWritten(run.instance().name(), took);
                    sizer.committed(
                            batch.requested(),
                            batch.rows().size(),
                            (int) (run.job().failed() - failedBefore),
                            took);
                })
                .invoke(this::checkMaxErrors);
    }

    private void checkMaxErrors() {
        JobRecord job = run.job();
        Long maxErrors = job.options().maxErrors();
        if (maxErrors != null && job.failed() > maxErrors) {
            throw new StopJob(
                    JobStatus.ERROR, "stopped: " + job.failed() + " rows failed, more than maxErrors " + maxErrors);
        }
    }

    private static String summary(JobRecord job) {
        return (job.options().dryRun() ? "dry run: " : "") + job.succeeded() + " rows succeeded, " + job.failed()
                + " failed";
    }

    private Uni<Void> closeCommitter() {
        if (committer == null) {
            return Uni.createFrom().voidItem();
        }
        BatchCommitter closing = committer;
        committer = null;
        return closing.close();
    }

    /** Closes the reader once a read ahead, if any, has ended: the reader is never closed under a read. */
    private Uni<Void> closeReader() {
        if (ahead != null) {
            CompletableFuture<Batch> reading = ahead;
            ahead = null;
            return Uni.createFrom()
                    .completionStage(reading)
                    .onItemOrFailure()
                    .transform((batch, failure) -> null)
                    .flatMap(v -> closeReader());
        }
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.debugf("closing the reader of job %d: %s", run.job().id(), e.getMessage());
            }
            reader = null;
        }
        return Uni.createFrom().voidItem();
    }

    /** Whose fault a failure is, for the isolating runner: a row's, perhaps a row's, or not the rows'. */
    static IsolatingBatchRunner.Blame blame(Throwable f) {
        if (JobRun.endsRun(f)) {
            return IsolatingBatchRunner.Blame.NOT_ROWS;
        }
        return switch (ServerFailures.classify(f)) {
            case ROW -> IsolatingBatchRunner.Blame.ROW;
            case UNKNOWN -> IsolatingBatchRunner.Blame.SUSPECT;
            default -> IsolatingBatchRunner.Blame.NOT_ROWS;
        };
    }
}
