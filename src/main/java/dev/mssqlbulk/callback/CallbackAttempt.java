package dev.mssqlbulk.callback;

import java.time.Duration;

/**
 * One attempt of a callback, reported while the callback is still going on (see
 * {@link CallbackSender#send(java.net.URI, java.util.Optional, String, String, java.util.function.Consumer)}).
 *
 * @param attempt     1 for the first attempt
 * @param maxAttempts attempts allowed in all
 * @param httpStatus  status of the answer; null when there was none
 * @param error       why the attempt failed, for the log; null when it succeeded
 * @param retryIn     wait before the next attempt; null when none follows
 */
public record CallbackAttempt(int attempt, int maxAttempts, Integer httpStatus, String error, Duration retryIn) {

    public boolean delivered() {
        return error == null;
    }

    /**
     * What the job shows while the callback goes on: {@code delivered}, {@code failed; retrying (attempt 2 of 6)}
     * or {@code failed}. No network detail (see {@link CallbackOutcome}).
     */
    public String describe() {
        if (delivered()) {
            return "delivered";
        }
        return retryIn == null ? "failed" : "failed; retrying (attempt " + attempt + " of " + maxAttempts + ")";
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
}
