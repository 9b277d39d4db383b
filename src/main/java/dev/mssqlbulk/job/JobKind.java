package dev.mssqlbulk.job;

/**
 * One kind of job (an upload, a download): which jobs are its own and what a run of one does. The kinds live in
 * the packages of their stage ({@code upload}, {@code download}) and are found by the {@link JobRunner} as CDI
 * beans, so that this package needs neither.
 */
public interface JobKind {

    /** Whether {@code job} is of this kind. */
    boolean runs(JobRecord job);

    /** The work of one run; {@code run} holds the job and its claim, and is what the work reports progress to. */
    JobRun.Work work(JobRun run);
}
