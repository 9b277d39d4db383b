package dev.mssqlbulk.staging;

import java.io.IOException;

/**
 * The store could not be reached, refused the connection, answered with a server error or throttling, or did not
 * answer within the configured timeout, including a connection lost or stalled in the middle of a transfer. Transient:
 * an upload is answered 503 with nothing stored, a job retries from its checkpoint.
 */
public class StagingUnavailableException extends IOException {

    public StagingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
