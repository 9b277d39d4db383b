package dev.mssqlbulk.callback;

/** A callback URL that may not be used; the message names the problem and may be shown to the client. */
public class CallbackUrlRejected extends RuntimeException {

    public CallbackUrlRejected(String message) {
        super(message);
    }
}
