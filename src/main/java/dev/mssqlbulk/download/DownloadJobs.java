package dev.mssqlbulk.download;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.job.JobKind;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;
import dev.mssqlbulk.staging.StagedFiles;
import jakarta.enterprise.context.ApplicationScoped;

/** Download jobs as the runner sees them: a job with a query runs as a {@link QueryRun}. */
@ApplicationScoped
public class DownloadJobs implements JobKind {

    private final Catalog catalog;
    private final BulkConfig config;
    private final StagedFiles staged;

    public DownloadJobs(Catalog catalog, BulkConfig config, StagedFiles staged) {
        this.catalog = catalog;
        this.config = config;
        this.staged = staged;
    }

    @Override
    public boolean runs(JobRecord job) {
        return !job.options().readsStagedUpload();
    }

    @Override
    public JobRun.Work work(JobRun run) {
        return new QueryRun(run, catalog, config, staged);
    }
}
