package dev.mssqlbulk.job;

import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.UploadFormat;
import dev.mssqlbulk.ingest.UploadSource;
import dev.mssqlbulk.transform.ResourceMapping;
import dev.mssqlbulk.transform.Transformation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a client asked for in the upload's {@code metaData} part, resolved against the instance's defaults.
 *
 * @param delimiter            the CSV column delimiter
 * @param maxErrors            stop the job once more rows than this have failed; null for no limit
 * @param format               CSV, JSON array or JSON Lines, detected at upload
 * @param query                the query of a download job; null for uploads
 * @param transformation       the resource the file's (or the download's) fields belong to, as it was when the job
 *                             was accepted: a job resumed later, on any replica, maps exactly as it began even if
 *                             the stored transformation has changed or gone since; null for a plain table
 * @param ignoreUnmappedFields with a transformation: skip the file's fields it does not map instead of refusing
 */
@RegisterForReflection
public record JobOptions(
        String action,
        String identifierFieldName,
        int batchSize,
        char delimiter,
        Long maxErrors,
        boolean dryRun,
        UploadFormat format,
        String query,
        Transformation transformation,
        boolean ignoreUnmappedFields) {

    public JobOptions {
        format = format == null ? UploadFormat.CSV : format;
    }

    /** Options without a transformation. */
    public JobOptions(
            String action,
            String identifierFieldName,
            int batchSize,
            char delimiter,
            Long maxErrors,
            boolean dryRun,
            UploadFormat format,
            String query) {
        this(action, identifierFieldName, batchSize, delimiter, maxErrors, dryRun, format, query, null, false);
    }

    public JobOptions withFormat(UploadFormat detected) {
        return new JobOptions(
                action,
                identifierFieldName,
                batchSize,
                delimiter,
                maxErrors,
                dryRun,
                detected,
                query,
                transformation,
                ignoreUnmappedFields);
    }

    /**
     * These options with the resource the job maps through; an {@code identifierFieldName} that names the
     * resource's fields names their columns instead, as the rest of the job works in columns.
     */
    public JobOptions withTransformation(Transformation resource) {
        String identifier = identifierFieldName;
        if (identifier != null) {
            ResourceMapping mapping = ResourceMapping.compile(resource);
            identifier = String.join(
                    ",",
                    java.util.Arrays.stream(identifier.split(","))
                            .map(String::strip)
                            .map(name -> mapping.field(name)
                                    .map(ResourceMapping.MappedField::vendorPath)
                                    .orElse(name))
                            .toList());
        }
        return new JobOptions(
                action,
                identifier,
                batchSize,
                delimiter,
                maxErrors,
                dryRun,
                format,
                query,
                resource,
                ignoreUnmappedFields);
    }

    /** The options of a download job: its query, and the page size it reads with. */
    public static JobOptions forQuery(String query, int pageSize) {
        return forQuery(query, pageSize, null);
    }

    /** The options of a download job through a resource's transformation (null for a table). */
    public static JobOptions forQuery(String query, int pageSize, Transformation resource) {
        return new JobOptions("query", null, pageSize, ',', null, false, null, query, resource, false);
    }

    /** The name of the job's staged upload ({@code <id>.csv}) or download result ({@code <id>.result.jsonl}). */
    public String stagedFileName(long jobId) {
        return readsStagedUpload() ? jobId + "." + format.extension() : jobId + ".result.jsonl";
    }

    /** Whether the job reads a staged upload (a download job writes its result instead). */
    public boolean readsStagedUpload() {
        return query == null;
    }

    /**
     * Opens the staged upload in its format. Through a transformation, the reader's header is the table's columns
     * and its values are converted by each field's type and pattern; JSON paths may then address nested values.
     */
    public RecordReader open(java.nio.file.Path file) throws java.io.IOException {
        return open(UploadSource.of(file));
    }

    /** As {@link #open(java.nio.file.Path)}, for the staged object in whatever store holds it. */
    public RecordReader open(UploadSource file) throws java.io.IOException {
        if (transformation == null) {
            return format.open(file, delimiter, false);
        }
        ResourceMapping mapping = ResourceMapping.compile(transformation);
        RecordReader reader = format.open(file, delimiter, true);
        try {
            return mapping.reading(reader, ignoreUnmappedFields);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * As {@link #open(UploadSource)}, positioned after data row {@code row}, e.g. after a resumed job's checkpoint:
     * from {@code from}'s byte offset on when there is one (CSV and JSON Lines), else by passing over the rows
     * before (see {@link dev.mssqlbulk.ingest.UploadFormat#openAfter}).
     */
    public RecordReader openAfter(UploadSource file, long row, dev.mssqlbulk.ingest.ResumePoint from)
            throws java.io.IOException {
        if (transformation == null) {
            return format.openAfter(file, delimiter, false, row, from);
        }
        ResourceMapping mapping = ResourceMapping.compile(transformation);
        RecordReader reader = format.openAfter(file, delimiter, true, row, from);
        try {
            return mapping.reading(reader, ignoreUnmappedFields);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * For each column of a job's header, the name its values have in the file (the transformation's field), so that
     * row errors name both; null without a transformation, where the file's names are the columns'.
     */
    public List<String> fieldNames(List<String> columns) {
        return transformation == null
                ? null
                : ResourceMapping.compile(transformation).fieldNames(columns);
    }

    public long countRows(java.nio.file.Path file) throws java.io.IOException {
        return countRows(UploadSource.of(file));
    }

    public long countRows(UploadSource file) throws java.io.IOException {
        return format.countRows(file, delimiter);
    }
}
