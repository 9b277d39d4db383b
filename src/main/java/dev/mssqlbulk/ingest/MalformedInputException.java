package dev.mssqlbulk.ingest;

/**
 * The upload cannot be read as records from {@link #rowNumber()} on: bad quoting, an oversized record, a header that
 * is not UTF-8, or bytes that are not UTF-8 where they break the file's structure (outside a string in a JSON array).
 * Bytes that are not UTF-8 inside a row only reject that row ({@link SourceRow#rejection()}).
 */
public class MalformedInputException extends RuntimeException {

    private final long rowNumber;

    public MalformedInputException(long rowNumber, String message, Throwable cause) {
        super(message, cause);
        this.rowNumber = rowNumber;
    }

    /** The 1-based data row at which reading failed (0 for the header). */
    public long rowNumber() {
        return rowNumber;
    }
}
