package dev.mssqlbulk.job;

/** No room for another job right now: the client should retry after {@code retryAfterSeconds}. */
public final class Overloaded extends RuntimeException {

    private final int status;
    private final int retryAfterSeconds;

    public Overloaded(String message, int status, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
