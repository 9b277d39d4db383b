package dev.mssqlbulk.job;

import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.UploadFormat;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a client asked for in the upload's {@code metaData} part, resolved against the instance's defaults.
 *
 * @param delimiter    the CSV column delimiter
 * @param maxErrors    stop the job once more rows than this have failed; null for no limit
 * @param format       CSV, JSON array or JSON Lines, detected at upload
 * @param query        the query of a download job; null for uploads
 */
@RegisterForReflection
public record JobOptions(String action, String identifierFieldName, int batchSize, char delimiter, Long maxErrors,
                         boolean dryRun, UploadFormat format, String query) {

    public JobOptions {
        format = format == null ? UploadFormat.CSV : format;
    }

    public JobOptions withFormat(UploadFormat detected) {
        return new JobOptions(action, identifierFieldName, batchSize, delimiter, maxErrors, dryRun, detected, query);
    }

    /** The options of a download job: its query, and the page size it reads with. */
    public static JobOptions forQuery(String query, int pageSize) {
        return new JobOptions("query", null, pageSize, ',', null, false, null, query);
    }

    /** Whether the job reads a staged upload (a download job writes its result instead). */
    public boolean readsStagedUpload() {
        return query == null;
    }

    /** Opens the staged upload in its format. */
    public RecordReader open(java.nio.file.Path file) throws java.io.IOException {
        return format.open(file, delimiter);
    }

    public long countRows(java.nio.file.Path file) throws java.io.IOException {
        return format.countRows(file, delimiter);
    }
}
