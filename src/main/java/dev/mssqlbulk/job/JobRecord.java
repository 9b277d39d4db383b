package dev.mssqlbulk.job;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One job as the status tables hold it. Immutable: every change makes a new record, so a status read always
 * sees one consistent state.
 *
 * @param checkpointRow the last data row whose outcome is committed; a resumed job starts after it
 * @param header        the upload's column names, in file order
 * @param owner         the replica that runs (or last ran) the job
 * @param callbackStatus what happened to the completion callback, once sent
 * @param fence         the claim this record was read under: every claim of the job increments it, and every write
 *                      of a replica to the job's row requires it unchanged, so a replica that lost the job can no
 *                      longer write anything to it
 */
public record JobRecord(
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
        String callbackStatus,
        long fence) {

    public JobRecord {
        header = List.copyOf(header);
    }

    /** A job not claimed yet (fence 0). */
    public JobRecord(long id, String instance, String objectName, String action, String path, JobStatus status,
                     long recordsCount, long succeeded, long failed, long unprocessed, long checkpointRow,
                     Instant createdDate, Instant startedDate, Instant completedDate, String statusMessage,
                     JobOptions options, List<String> header, Path stagedFile, String callbackUrl, String idempotencyKey,
                     String owner, Instant heartbeat, String callbackStatus) {
        this(id, instance, objectName, action, path, status, recordsCount, succeeded, failed, unprocessed, checkpointRow,
                createdDate, startedDate, completedDate, statusMessage, options, header, stagedFile, callbackUrl,
                idempotencyKey, owner, heartbeat, callbackStatus, 0);
    }

    public JobRecord running(String owner, Instant now) {
        return new JobRecord(id, instance, objectName, action, path, JobStatus.RUNNING, recordsCount, succeeded, failed,
                unprocessed, checkpointRow, createdDate, startedDate == null ? now : startedDate, null, null, options,
                header, stagedFile, callbackUrl, idempotencyKey, owner, now, callbackStatus, fence);
    }

    public JobRecord counted(long rows) {
        return new JobRecord(id, instance, objectName, action, path, status, rows, succeeded, failed, unprocessed,
                checkpointRow, createdDate, startedDate, completedDate, statusMessage, options, header, stagedFile,
                callbackUrl, idempotencyKey, owner, heartbeat, callbackStatus, fence);
    }

    public JobRecord progressed(long checkpoint, long succeededCount, long failedCount, Instant now) {
        return new JobRecord(id, instance, objectName, action, path, status, recordsCount, succeededCount, failedCount,
                unprocessed, checkpoint, createdDate, startedDate, completedDate, statusMessage, options, header,
                stagedFile, callbackUrl, idempotencyKey, owner, now, callbackStatus, fence);
    }

    /** The job's end: rows never decided are unprocessed, so that the counts always add up. */
    public JobRecord finished(JobStatus finalStatus, String message, Instant now) {
        long total = Math.max(recordsCount, succeeded + failed);
        return new JobRecord(id, instance, objectName, action, path, finalStatus, total, succeeded, failed,
                total - succeeded - failed, checkpointRow, createdDate, startedDate, now, message, options, header,
                stagedFile, callbackUrl, idempotencyKey, owner, now, callbackStatus, fence);
    }

    public JobRecord withCallbackStatus(String outcome) {
        return new JobRecord(id, instance, objectName, action, path, status, recordsCount, succeeded, failed,
                unprocessed, checkpointRow, createdDate, startedDate, completedDate, statusMessage, options, header,
                stagedFile, callbackUrl, idempotencyKey, owner, heartbeat, outcome, fence);
    }

    /** Rows not decided yet (while running) or never decided (once ended). */
    public long unprocessedNow() {
        return status.isFinal() ? unprocessed : Math.max(0, recordsCount - succeeded - failed);
    }

    public int percentComplete() {
        if (status == JobStatus.COMPLETE) {
            return 100;
        }
        return recordsCount == 0 ? 0 : (int) Math.min(100, (succeeded + failed) * 100 / recordsCount);
    }
}
