package dev.mssqlbulk.callback;

/**
 * What happened to a job's callback, shown on the job as its last callback status.
 *
 * @param delivered  whether an attempt got a 2xx answer
 * @param attempts   attempts made
 * @param httpStatus status of the last answer; null when the last attempt got none (connection refused, timeout...)
 * @param message    why the last attempt failed; null when delivered
 */
public record CallbackOutcome(boolean delivered, int attempts, Integer httpStatus, String message) {

    static CallbackOutcome delivered(int attempts, int httpStatus) {
        return new CallbackOutcome(true, attempts, httpStatus, null);
    }

    static CallbackOutcome failed(int attempts, Integer httpStatus, String message) {
        return new CallbackOutcome(false, attempts, httpStatus, message);
    }

    /** E.g. {@code delivered: HTTP 204 after 3 attempts}, {@code failed after 6 attempts: connection refused}. */
    public String describe() {
        if (delivered) {
            return "delivered: HTTP " + httpStatus + " after " + CallbackAttempt.plural(attempts, "attempt");
        }
        return "failed after " + CallbackAttempt.plural(attempts, "attempt") + ": " + reason();
    }

    private String reason() {
        if (message != null) {
            return message;
        }
        return httpStatus != null ? "HTTP " + httpStatus : "unknown error";
    }
}
