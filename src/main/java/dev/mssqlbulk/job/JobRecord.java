package dev.mssqlbulk.job;

import dev.mssqlbulk.ingest.ResumePoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One job as the status tables hold it: its fixed {@link JobDefinition} and its changing {@link JobProgress}.
 * Immutable: every change makes a new record with new progress and the same definition. The accessors of both
 * parts are repeated here, so that a reader of a job need not know which part a field belongs to.
 */
public record JobRecord(JobDefinition definition, JobProgress progress) {

    /** A job as stored, every field at once (the status table's row, a test's fixture); fence 0: not claimed yet. */
    public JobRecord(
            long id,
            String instance,
            String objectName,
            String action,
            String path,
            JobStatus status,
            long recordsCount,
            long succeeded,
            long failed,
            long unprocessed,
            long checkpointRow,
            Instant createdDate,
            Instant startedDate,
            Instant completedDate,
            String statusMessage,
            JobOptions options,
            List<String> header,
            Path stagedFile,
            String callbackUrl,
            String idempotencyKey,
            String owner,
            Instant heartbeat,
            String callbackStatus) {
        this(
                new JobDefinition(
                        id,
                        instance,
                        objectName,
                        action,
                        path,
                        createdDate,
                        options,
                        header,
                        stagedFile,
                        callbackUrl,
                        idempotencyKey),
                new JobProgress(
                        status,
                        recordsCount,
                        succeeded,
                        failed,
                        unprocessed,
                        checkpointRow,
                        null,
                        startedDate,
                        completedDate,
                        statusMessage,
                        owner,
                        heartbeat,
                        callbackStatus,
                        0));
    }

    public JobRecord running(String owner, Instant now) {
        return new JobRecord(definition, progress.running(owner, now));
    }

    public JobRecord counted(long rows) {
        return new JobRecord(definition, progress.counted(rows));
    }

    public JobRecord progressed(long checkpoint, long succeededCount, long failedCount, Instant now) {
        return progressed(checkpoint, null, succeededCount, failedCount, now);
    }

    /** As {@link #progressed(long, long, long, Instant)}, with where the record after the checkpoint starts. */
    public JobRecord progressed(
            long checkpoint, ResumePoint after, long succeededCount, long failedCount, Instant now) {
        return new JobRecord(definition, progress.progressed(checkpoint, after, succeededCount, failedCount, now));
    }

    /** The job's end: rows never decided are unprocessed, so that the counts always add up. */
    public JobRecord finished(JobStatus finalStatus, String message, Instant now) {
        return new JobRecord(definition, progress.finished(finalStatus, message, now));
    }

    public JobRecord withCallbackStatus(String outcome) {
        return new JobRecord(definition, progress.withCallbackStatus(outcome));
    }

    /** Rows not decided yet (while running) or never decided (once ended). */
    public long unprocessedNow() {
        return progress.unprocessedNow();
    }

    public int percentComplete() {
        return progress.percentComplete();
    }

    // the definition's fields

    public long id() {
        return definition.id();
    }

    public String instance() {
        return definition.instance();
    }

    public String objectName() {
        return definition.objectName();
    }

    public String action() {
        return definition.action();
    }

    public String path() {
        return definition.path();
    }

    public Instant createdDate() {
        return definition.createdDate();
    }

    public JobOptions options() {
        return definition.options();
    }

    public List<String> header() {
        return definition.header();
    }

    public Path stagedFile() {
        return definition.stagedFile();
    }

    public String callbackUrl() {
        return definition.callbackUrl();
    }

    public String idempotencyKey() {
        return definition.idempotencyKey();
    }

    // the progress's fields

    public JobStatus status() {
        return progress.status();
    }

    public long recordsCount() {
        return progress.recordsCount();
    }

    public long succeeded() {
        return progress.succeeded();
    }

    public long failed() {
        return progress.failed();
    }

    public long unprocessed() {
        return progress.unprocessed();
    }

    public long checkpointRow() {
        return progress.checkpointRow();
    }

    public ResumePoint resumePoint() {
        return progress.resumePoint();
    }

    public Instant startedDate() {
        return progress.startedDate();
    }

    public Instant completedDate() {
        return progress.completedDate();
    }

    public String statusMessage() {
        return progress.statusMessage();
    }

    public String owner() {
        return progress.owner();
    }

    public Instant heartbeat() {
        return progress.heartbeat();
    }

    public String callbackStatus() {
        return progress.callbackStatus();
    }

    public long fence() {
        return progress.fence();
    }
}
