package dev.mssqlbulk.ingest;

/**
 * One data record of an upload, as read.
 *
 * @param rowNumber 1-based number of the data row (the header is not counted; skipped empty lines are not counted)
 * @param values    the raw field texts in the upload's column order; an empty field is {@code ""}
 */
public record SourceRow(long rowNumber, String[] values) {
}
