package dev.mssqlbulk.job;

/** Another replica has taken this job over; this replica must stop writing it. */
public class JobTakenOverException extends RuntimeException {

    public JobTakenOverException(long jobId) {
        super("job " + jobId + " was taken over by another replica");
    }
}
