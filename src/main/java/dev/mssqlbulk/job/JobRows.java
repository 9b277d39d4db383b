package dev.mssqlbulk.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.ingest.ResumePoint;
import dev.mssqlbulk.staging.StagingPaths;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A job as a row of the job table and back: the columns in order, the values of a new row, a record read from a row
 * (its staged file derived, never read), and the checkpoint's byte offset with the row it belongs to.
 */
final class JobRows {

    static final String COLUMNS = "[id], [instance_name], [object_name], [action], [path], [status], "
            + "[records_count], [succeeded_count], [failed_count], [unprocessed_count], [checkpoint_row], "
            + "[created_date], [started_date], [completed_date], [status_message], [options], [header], "
            + "[staged_file], [callback_url], [idempotency_key], [owner], [heartbeat], [callback_status], [fence], "
            + "[checkpoint_offset], [checkpoint_offset_row]";
    static final int COLUMN_COUNT = 26;
    static final int HEARTBEAT_POSITION = 22;

    private final ObjectMapper json;
    private final StagingPaths staging;

    JobRows(ObjectMapper json, StagingPaths staging) {
        this.json = json;
        this.staging = staging;
    }

    /**
     * The byte offset at which the record after the checkpoint starts, or null. Stored with the row it follows
     * ({@link #offsetRow}), written by every write of the checkpoint: a replica of an earlier release moves the
     * checkpoint without them, and its checkpoint then no longer matches the offset's row, which is not trusted.
     */
    static Long offset(JobRecord job) {
        return job.resumePoint() == null ? null : job.resumePoint().offset();
    }

    static Long offsetRow(JobRecord job) {
        return job.resumePoint() == null ? null : job.resumePoint().row();
    }

    /** The stored offset, if it belongs to the stored checkpoint. */
    private static ResumePoint resumePoint(Row row, long checkpointRow) {
        Long offset = row.getLong("checkpoint_offset");
        Long offsetRow = row.getLong("checkpoint_offset_row");
        return offset != null && offsetRow != null && offsetRow == checkpointRow && offset >= 0
                ? new ResumePoint(checkpointRow, offset)
                : null;
    }

    /** The values of a new job's row in {@link #COLUMNS} order, without the heartbeat. */
    Object[] values(JobRecord job) {
        return new Object[] {
            job.id(),
            job.instance(),
            job.objectName(),
            job.action(),
            job.path(),
            job.status().name(),
            job.recordsCount(),
            job.succeeded(),
            job.failed(),
            job.unprocessed(),
            job.checkpointRow(),
            utc(job.createdDate()),
            utc(job.startedDate()),
            utc(job.completedDate()),
            truncate(job.statusMessage()),
            write(job.options()),
            write(job.header()),
            job.stagedFile().toString(),
            job.callbackUrl(),
            job.idempotencyKey(),
            job.owner(),
            StoredLengths.fit(job.callbackStatus(), StoredLengths.CALLBACK_STATUS),
            job.fence(),
            offset(job),
            offsetRow(job)
        };
    }

    /**
     * A job as stored. Its staged file is derived from instance, id and options ({@link StagingPaths}): the
     * {@code staged_file} column is written, for replicas of earlier versions, but never trusted.
     */
    JobRecord read(Row row) {
        long id = row.getLong("id");
        String instance = row.getString("instance_name");
        JobOptions options = read(row.getString("options"), new TypeReference<JobOptions>() {});
        JobDefinition definition = new JobDefinition(
                id,
                instance,
                row.getString("object_name"),
                row.getString("action"),
                row.getString("path"),
                instant(row.getLocalDateTime("created_date")),
                options,
                read(row.getString("header"), new TypeReference<List<String>>() {}),
                staging.of(instance, options.stagedFileName(id)),
                row.getString("callback_url"),
                row.getString("idempotency_key"));
        JobProgress progress = new JobProgress(
                JobStatus.valueOf(row.getString("status")),
                row.getLong("records_count"),
                row.getLong("succeeded_count"),
                row.getLong("failed_count"),
                row.getLong("unprocessed_count"),
                row.getLong("checkpoint_row"),
                resumePoint(row, row.getLong("checkpoint_row")),
                instant(row.getLocalDateTime("started_date")),
                instant(row.getLocalDateTime("completed_date")),
                row.getString("status_message"),
                row.getString("owner"),
                instant(row.getLocalDateTime("heartbeat")),
                row.getString("callback_status"),
                row.getLong("fence"));
        return new JobRecord(definition, progress);
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable status table value: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    static String truncate(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
