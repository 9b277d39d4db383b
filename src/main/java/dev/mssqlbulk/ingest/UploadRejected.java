package dev.mssqlbulk.ingest;

/** An upload that cannot be accepted as given: a client error (HTTP 400) whose message names the problem. */
public class UploadRejected extends RuntimeException {

    public UploadRejected(String message) {
        super(message);
    }
}
