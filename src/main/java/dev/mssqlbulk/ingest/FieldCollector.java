package dev.mssqlbulk.ingest;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns FastCSV's parser callbacks into {@code String[]} records. While not materializing (skipping or counting),
 * it creates no strings at all, so passing over rows costs only the parsing.
 * Bounds a record the way FastCSV's own handlers do, so that a runaway record cannot exhaust memory.
 */
final class FieldCollector extends AbstractBaseCsvCallbackHandler<String[]> {

    private static final int MAX_FIELDS = 16_384;
    private static final int MAX_RECORD_CHARS = 64 * 1024 * 1024;
    private static final String[] NO_FIELDS = new String[0];

    private final List<String> fields = new ArrayList<>();
    private boolean materializing = true;
    private long recordChars;

    void materializing(boolean materializing) {
        this.materializing = materializing;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
        fields.clear();
        recordChars = 0;
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
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

    @Override
    protected String[] buildRecord() {
        return materializing ? fields.toArray(NO_FIELDS) : NO_FIELDS;
    }
}
