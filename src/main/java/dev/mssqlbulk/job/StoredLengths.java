package dev.mssqlbulk.job;

import dev.mssqlbulk.ingest.UploadRejected;

/**
 * The sizes of the status table's text columns that hold what a client sends or what the service writes about a
 * job. A client's value is checked against them before anything is written (a 400 naming the field, instead of a
 * 503 when SQL Server refuses to truncate); the service's own texts are cut to fit. Lengths are in UTF-16 code
 * units, which is how both Java and {@code NVARCHAR(n)} count.
 */
public final class StoredLengths {

    public static final int PATH = 1024;
    public static final int CALLBACK_URL = 2048;
    public static final int IDEMPOTENCY_KEY = 255;
    public static final int STATUS_MESSAGE = 4000;
    public static final int CALLBACK_STATUS = 1000;
    public static final int ERROR_MESSAGE = 4000;

    private StoredLengths() {}

    /**
     * @param field how the client names the field, e.g. {@code query parameter 'path'}
     * @throws UploadRejected when {@code value} is longer than {@code max}
     */
    public static void require(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new UploadRejected(
                    field + " is " + value.length() + " characters long; at most " + max + " are accepted");
        }
    }

    /** {@code text} cut to {@code max} characters, ending in "..." when cut; null stays null. */
    public static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "...";
    }
}
