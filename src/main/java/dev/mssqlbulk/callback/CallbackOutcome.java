package dev.mssqlbulk.callback;

/**
 * What happened to a job's callback. Only {@link #describe()} is shown on the job ({@code callbackStatus}), and
 * it says no more than delivered, failed or refused by policy: a status that told "connection refused" from
 * "HTTP 404" from "timed out" would let a tenant scan the service's network through its callbacks. The details
 * here go to the service's log.
 *
 * @param result     how it ended
 * @param attempts   HTTP attempts made
 * @param httpStatus status of the last answer; null when the last attempt got none (connection refused, timeout...)
 * @param detail     why the last attempt failed or was refused, for the log; null when delivered
 */
public record CallbackOutcome(Result result, int attempts, Integer httpStatus, String detail) {

    public enum Result {
        DELIVERED("delivered"),
        FAILED("failed"),
        REFUSED("refused by policy");

        private final String text;

        Result(String text) {
            this.text = text;
        }
    }

    static CallbackOutcome delivered(int attempts, int httpStatus) {
        return new CallbackOutcome(Result.DELIVERED, attempts, httpStatus, null);
    }

    static CallbackOutcome failed(int attempts, Integer httpStatus, String detail) {
        return new CallbackOutcome(Result.FAILED, attempts, httpStatus, detail);
    }

    static CallbackOutcome refused(int attempts, String detail) {
        return new CallbackOutcome(Result.REFUSED, attempts, null, detail);
    }

    public boolean delivered() {
        return result == Result.DELIVERED;
    }

    /** {@code delivered}, {@code failed} or {@code refused by policy}: what the job shows. */
    public String describe() {
        return result.text;
    }
}
