package dev.mssqlbulk.ingest;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns FastCSV's parser callbacks into {@code String[]} records. While not materializing (skipping or counting),
 * it creates no strings at all, so passing over rows costs only the parsing.
 * Bounds a record the way FastCSV's own handlers do, so that a runaway record cannot exhaust memory.
 *
 * <p>It also knows the record's last line ({@link #lastLine()}): FastCSV tells where a record starts, and the line
 * breaks inside its quoted fields (counted as FastCSV counts them: CR, LF or CRLF) tell how many lines it spans.
 * That is how a line holding bytes that are not UTF-8 is matched to its row.
 */
final class FieldCollector extends AbstractBaseCsvCallbackHandler<String[]> {

    private static final int MAX_FIELDS = 16_384;
    private static final int MAX_RECORD_CHARS = 64 * 1024 * 1024;
    private static final String[] NO_FIELDS = new String[0];

    private final List<String> fields = new ArrayList<>();
    private boolean materializing = true;
    private long recordChars;
    private long lineBreaks;

    void materializing(boolean materializing) {
        this.materializing = materializing;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
        fields.clear();
        recordChars = 0;
        lineBreaks = 0;
    }

    /** The line of the file on which the record being read (or last read) starts. */
    long startingLine() {
        return getStartingLineNumber();
    }

    /** The line of the file on which the record last returned ends. */
    long lastLine() {
        return getStartingLineNumber() + lineBreaks;
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
        if (quoted) {
            lineBreaks += lineBreaks(buf, offset, len);
        }
        if (!materializing) {
            return;
        }
        if (fieldIdx >= MAX_FIELDS) {
            throw new CsvParseException("record has more than " + MAX_FIELDS + " fields");
        }
        recordChars += len;
        if (recordChars > MAX_RECORD_CHARS) {
            throw new CsvParseException("record is longer than " + MAX_RECORD_CHARS + " characters");
        }
        fields.add(new String(buf, offset, len));
    }

    /** CR, LF and CRLF in a field's text, each one line break. */
    private static int lineBreaks(char[] buf, int offset, int len) {
        int breaks = 0;
        boolean lastWasCr = false;
        for (int i = offset, end = offset + len; i < end; i++) {
            char c = buf[i];
            if (c == '\r') {
                breaks++;
            } else if (c == '\n' && !lastWasCr) {
                breaks++;
            }
            lastWasCr = c == '\r';
        }
        return breaks;
    }

    @Override
    protected String[] buildRecord() {
        return materializing ? fields.toArray(NO_FIELDS) : NO_FIELDS;
    }
}
