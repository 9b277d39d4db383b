package dev.mssqlbulk.upload;

import dev.mssqlbulk.job.JobMetrics;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;

/** Moves an upload run on after a commit: the job's new checkpoint and counts, and the rows-committed metrics. */
final class RowsCommitted {

    static final String BULK_COPY = "bulk-copy";
    static final String STATEMENTS = "batch";

    private final JobRun run;
    private final JobMetrics metrics;

    RowsCommitted(JobRun run, JobMetrics metrics) {
        this.run = run;
        this.metrics = metrics;
    }

    /** @param writer how the rows went in, for the metrics: a bulk-copy job writes some batches with statements */
    void advance(JobRecord next, String writer) {
        JobRecord before = run.job();
        metrics.rowsCommitted(
                run.instance().name(),
                before.action(),
                writer,
                next.succeeded() - before.succeeded(),
                next.failed() - before.failed());
        run.advance(next);
    }
}
