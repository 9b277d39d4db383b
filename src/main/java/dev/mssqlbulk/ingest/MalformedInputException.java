package dev.mssqlbulk.ingest;

/** The upload cannot be read as records from {@link #rowNumber()} on (bad quoting, invalid UTF-8, oversized record). */
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
