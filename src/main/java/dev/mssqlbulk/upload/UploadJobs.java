package dev.mssqlbulk.upload;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.job.FailedRows;
import dev.mssqlbulk.job.JobKind;
import dev.mssqlbulk.job.JobMetrics;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.staging.StagedFiles;
import jakarta.enterprise.context.ApplicationScoped;

/** Upload jobs as the runner sees them: a job that reads a staged upload runs as an {@link UploadRun}. */
@ApplicationScoped
public class UploadJobs implements JobKind {

    private final Catalog catalog;
    private final JobStore store;
    private final FailedRows failedRows;
    private final JobMetrics metrics;
    private final BulkCopyWorkers bulkCopyWorkers;
    private final BulkConfig config;
    private final StagedFiles staged;

    public UploadJobs(
            Catalog catalog,
            JobStore store,
            FailedRows failedRows,
            JobMetrics metrics,
            BulkCopyWorkers bulkCopyWorkers,
            BulkConfig config,
            StagedFiles staged) {
        this.catalog = catalog;
        this.store = store;
        this.failedRows = failedRows;
        this.metrics = metrics;
        this.bulkCopyWorkers = bulkCopyWorkers;
        this.config = config;
        this.staged = staged;
    }

    @Override
    public boolean runs(JobRecord job) {
        return job.options().readsStagedUpload();
    }

    @Override
    public JobRun.Work work(JobRun run) {
        return new UploadRun(
                run, catalog, store, failedRows, metrics, bulkCopyWorkers.executor(), sizer(run.job()), staged);
    }

    /** The service's own batch sizes unless configured to follow the client's; bounded by bytes either way. */
    private BatchSizer sizer(JobRecord job) {
        BulkConfig.Batch batch = config.batch();
        long maxBytes = batch.maxBytes().asLongValue();
        return batch.adaptive()
                ? BatchSizer.adaptive(batch.initialRows(), batch.maxRows(), maxBytes, batch.targetDuration())
                : BatchSizer.fixed(job.options().batchSize(), maxBytes);
    }
}
