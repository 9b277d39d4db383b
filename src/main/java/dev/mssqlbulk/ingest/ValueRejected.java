package dev.mssqlbulk.ingest;

/**
 * A field value that does not fit its column's type, with a message for a person
 * ({@code value 'abc' is not a valid int}). The message never names the column: {@link RowConverter} adds it.
 */
public class ValueRejected extends Exception {

    private static final int MAX_QUOTED_LENGTH = 40;

    public ValueRejected(String message) {
        // Rejections are routine (a bad file may have millions), so they carry no stack trace.
        super(message, null, false, false);
    }

    /** {@code value 'abc' }, with a long value shortened so that messages stay readable. */
    static String value(String raw) {
        String shown = raw.length() <= MAX_QUOTED_LENGTH ? raw : raw.substring(0, MAX_QUOTED_LENGTH) + "...";
        return "value '" + shown + "'";
    }

    static ValueRejected notA(String raw, String typeName) {
        return new ValueRejected(value(raw) + " is not a valid " + typeName);
    }
}
