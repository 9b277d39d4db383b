package dev.mssqlbulk.job;

import dev.mssqlbulk.ingest.ResumePoint;
import java.time.Instant;

/**
 * Where a job stands: its status, counts and checkpoint, and the claim it is run under. Every change makes a new
 * value, so a status read always sees one consistent state.
 *
 * @param checkpointRow  the last data row whose outcome is committed; a resumed job starts after it
 * @param resumePoint    where in the staged upload the record after {@code checkpointRow} starts, so that a resumed
 *                       job reads on from there instead of reading the rows before it again; null when not known
 *                       (a JSON array, a checkpoint written by an earlier release): the rows are then skipped
 * @param owner          the replica that runs (or last ran) the job
 * @param callbackStatus what happened to the completion callback, once sent
 * @param fence          the claim this value was read under: every claim of the job increments it, and every write
 *                       of a replica to the job's row requires it unchanged, so a replica that lost the job can no
 *                       longer write anything to it
 */
public record JobProgress(
        JobStatus status,
        long recordsCount,
        long succeeded,
        long failed,
        long unprocessed,
        long checkpointRow,
        ResumePoint resumePoint,
        Instant startedDate,
        Instant completedDate,
        String statusMessage,
        String owner,
        Instant heartbeat,
        String callbackStatus,
        long fence) {

    JobProgress running(String runner, Instant now) {
        return new JobProgress(
                JobStatus.RUNNING,
                recordsCount,
                succeeded,
                failed,
                unprocessed,
                checkpointRow,
                resumePoint,
                startedDate == null ? now : startedDate,
                null,
                null,
                runner,
                now,
                callbackStatus,
                fence);
    }

    JobProgress counted(long rows) {
        return new JobProgress(
                status,
                rows,
                succeeded,
                failed,
                unprocessed,
                checkpointRow,
                resumePoint,
                startedDate,
                completedDate,
                statusMessage,
                owner,
                heartbeat,
                callbackStatus,
                fence);
    }

    /**
     * @param after where the record after {@code checkpoint} starts, or null; kept only when it is a point after that
     *              very row, so that a stored offset always belongs to the stored row
     */
    JobProgress progressed(long checkpoint, ResumePoint after, long succeededCount, long failedCount, Instant now) {
        return new JobProgress(
                status,
                recordsCount,
                succeededCount,
                failedCount,
                unprocessed,
                checkpoint,
                after != null && after.row() == checkpoint ? after : null,
                startedDate,
                completedDate,
                statusMessage,
                owner,
                now,
                callbackStatus,
                fence);
    }

    /** The job's end: rows never decided are unprocessed, so that the counts always add up. */
    JobProgress finished(JobStatus finalStatus, String message, Instant now) {
        long total = Math.max(recordsCount, succeeded + failed);
        return new JobProgress(
                finalStatus,
                total,
                succeeded,
                failed,
                total - succeeded - failed,
                checkpointRow,
                resumePoint,
                startedDate,
                now,
                message,
                owner,
                now,
                callbackStatus,
                fence);
    }

    JobProgress withCallbackStatus(String outcome) {
        return new JobProgress(
                status,
                recordsCount,
                succeeded,
                failed,
                unprocessed,
                checkpointRow,
                resumePoint,
                startedDate,
                completedDate,
                statusMessage,
                owner,
                heartbeat,
                outcome,
                fence);
    }

    /** Rows not decided yet (while running) or never decided (once ended). */
    long unprocessedNow() {
        return status.isFinal() ? unprocessed : Math.max(0, recordsCount - succeeded - failed);
    }

    int percentComplete() {
        if (status == JobStatus.COMPLETE) {
            return 100;
        }
        return recordsCount == 0 ? 0 : (int) Math.min(100, (succeeded + failed) * 100 / recordsCount);
    }
}
