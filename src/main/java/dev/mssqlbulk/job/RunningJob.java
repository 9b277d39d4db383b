package dev.mssqlbulk.job;

/** A run as the lease renewal sees it: the job under the run's current claim, and when it last moved. */
interface RunningJob {

    /** The job as this run holds it, its claim's fence included. */
    JobRecord current();

    /** {@link System#nanoTime()} when the job last moved: claimed, or a batch or page committed. */
    long lastProgressNanos();
}
