package dev.mssqlbulk.ingest;

/**
 * One data record of an upload, as read.
 *
 * @param rowNumber 1-based number of the data row (the header is not counted; skipped empty lines are not counted)
 * @param values    the raw field texts in the upload's column order; an empty field is {@code ""}
 * @param rejection why the reader already knows the row cannot be written (e.g. a nested JSON value), or
 *                  {@code null} when the row is to be converted as usual
 */
public record SourceRow(long rowNumber, String[] values, String rejection) {

    /** A row the reader found nothing wrong with. */
    public SourceRow(long rowNumber, String[] values) {
        this(rowNumber, values, null);
    }
}
