package dev.mssqlbulk.callback;

/**
 * A callback the policy does not allow, found when the URL is checked at upload or, after resolving its host,
 * before each attempt. The message names the rule for the log and the upload's 400; the job only ever shows
 * "refused by policy".
 */
public class CallbackRefused extends CallbackUrlRejected {

    public CallbackRefused(String message) {
        super(message);
    }
}
