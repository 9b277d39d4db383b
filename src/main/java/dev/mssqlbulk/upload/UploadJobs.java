package dev.mssqlbulk.upload;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.job.JobKind;
import dev.mssqlbulk.job.JobMetrics;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;
import dev.mssqlbulk.job.FailedRows;
import dev.mssqlbulk.job.JobStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Upload jobs as the runner sees them: a job that reads a staged upload runs as an {@link UploadRun}. */
@ApplicationScoped
public class UploadJobs implements JobKind {

    private final Catalog catalog;
    private final JobStore store;
    private final FailedRows failedRows;
    private final JobMetrics metrics;
    private final BulkCopyWorkers bulkCopyWorkers;

    public UploadJobs(Catalog catalog, JobStore store, FailedRows failedRows, JobMetrics metrics,
                      BulkCopyWorkers bulkCopyWorkers) {
        this.catalog = catalog;
        this.store = store;
        this.failedRows = failedRows;
        this.metrics = metrics;
        this.bulkCopyWorkers = bulkCopyWorkers;
    }

    @Override
    public boolean runs(JobRecord job) {
        return job.options().readsStagedUpload();
    }

    @Override
    public JobRun.Work work(JobRun run) {
        return new UploadRun(run, catalog, store, failedRows, metrics, bulkCopyWorkers.executor());
    }
}
