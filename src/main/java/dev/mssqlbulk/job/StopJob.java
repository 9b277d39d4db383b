package dev.mssqlbulk.job;

/** Ends a job early with a final status and the reason (cancelled, maxErrors exceeded, table gone). */
public final class StopJob extends RuntimeException {

    final JobStatus status;

    public StopJob(JobStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
