package dev.mssqlbulk.job;

/**
 * What a client asked for in the upload's {@code metaData} part, resolved against the instance's defaults.
 *
 * @param delimiter    the CSV column delimiter
 * @param maxErrors    stop the job once more rows than this have failed; null for no limit
 */
public record JobOptions(String action, String identifierFieldName, int batchSize, char delimiter, Long maxErrors,
                         boolean dryRun) {
}
