package dev.mssqlbulk.job;

/** CREATED -> RUNNING -> COMPLETE | ERROR | CANCELLED. */
public enum JobStatus {
    CREATED,
    RUNNING,
    COMPLETE,
    ERROR,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETE || this == ERROR || this == CANCELLED;
    }
}
