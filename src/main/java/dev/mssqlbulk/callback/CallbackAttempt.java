package dev.mssqlbulk.callback;

import java.time.Duration;

/**
 * One attempt of a callback, reported while the callback is still going on (see
 * {@link CallbackSender#send(java.net.URI, java.util.Optional, String, java.util.function.Consumer)}).
 *
 * @param attempt     1 for the first attempt
 * @param maxAttempts attempts allowed in all
 * @param httpStatus  status of the answer; null when there was none
 * @param error       why the attempt failed; null when it succeeded
 * @param retryIn     wait before the next attempt; null when none follows
 */
public record CallbackAttempt(int attempt, int maxAttempts, Integer httpStatus, String error, Duration retryIn) {

    public boolean delivered() {
        return error == null;
    }

    /** E.g. {@code attempt 2 of 6 failed: HTTP 500; retrying in 2s}. */
    public String describe() {
        String head = "attempt " + attempt + " of " + maxAttempts;
        if (delivered()) {
            return head + " delivered: HTTP " + httpStatus;
        }
        return head + " failed: " + error + (retryIn == null ? "; giving up" : "; retrying in " + human(retryIn));
    }

    static String human(Duration d) {
        long millis = d.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
