package dev.mssqlbulk.sqlserver;

/** What a failure means for the rows that caused it; {@link ServerFailures#classify} decides. */
public enum FailureKind {
    /** The data of some row was refused: split the batch to find it. */
    ROW,
    /** The server or the network hiccupped: retry the same work after a pause. */
    TRANSIENT,
    /** The job cannot go on (table dropped, permissions, syntax): end it with the reason. */
    FATAL,
    /**
     * A server error whose number is not in {@link ServerErrors}: maybe a row's, maybe the statement's. A row is
     * blamed for it only when it fails alone again and the statement is seen to work for other rows.
     */
    UNKNOWN
}
