package dev.mssqlbulk.job;

/** The replica is shutting down: the job stops at a batch boundary and stays RUNNING, to resume from its checkpoint. */
final class JobPaused extends RuntimeException {

    JobPaused() {
        super("paused for shutdown", null, false, false);
    }
}
