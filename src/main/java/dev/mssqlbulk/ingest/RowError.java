package dev.mssqlbulk.ingest;

/**
 * Why a data row failed.
 *
 * @param rowNumber 1-based data row number
 * @param errorCode SQL Server's error number, or {@link #VALIDATION} when the row failed before reaching it
 * @param message   what a person needs to fix the row
 */
public record RowError(long rowNumber, int errorCode, String message) {

    public static final int VALIDATION = 0;

    /** A row refused by the service's own checks. */
    public static RowError validation(long rowNumber, String message) {
        return new RowError(rowNumber, VALIDATION, message);
    }
}
