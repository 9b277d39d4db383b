package dev.mssqlbulk.staging;

/** Which jobs this replica runs or queues now: their staged files are never cleaned, however old. */
public interface ActiveJobs {

    boolean isActive(long jobId);
}
