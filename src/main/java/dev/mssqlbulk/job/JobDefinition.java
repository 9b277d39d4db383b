package dev.mssqlbulk.job;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a job is, fixed when it is created: which rows go where and how, and who is told when it ends. Nothing here
 * changes while the job runs; {@link JobProgress} holds what does.
 *
 * @param path           the request path the job was created through, as the status shows it
 * @param header         the upload's column names, in file order
 * @param stagedFile     the staged upload, or a download's result file: derived from instance, id and options
 *                       whenever the job is read, never taken from the status table
 * @param idempotencyKey the client's key for this upload, or null
 */
public record JobDefinition(
        long id,
        String instance,
        String objectName,
        String action,
        String path,
        Instant createdDate,
        JobOptions options,
        List<String> header,
        Path stagedFile,
        String callbackUrl,
        String idempotencyKey) {

    public JobDefinition {
        header = List.copyOf(header);
    }

    public JobDefinition withStagedFile(Path file) {
        return new JobDefinition(
                id,
                instance,
                objectName,
                action,
                path,
                createdDate,
                options,
                header,
                file,
                callbackUrl,
                idempotencyKey);
    }
}
