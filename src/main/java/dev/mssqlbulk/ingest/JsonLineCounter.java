package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the rows of a JSON Lines upload on its raw bytes: the lines (split at LF, after a byte order mark) that
 * hold anything but JSON white space (space, tab, CR), which is what {@link JsonLineRows#skip} counts after decoding
 * the text. A malformed line is a row (rejected when read), and so is a line holding bytes that are not UTF-8: each
 * byte from 0x80 up decodes to a character that is not white space (the character it is part of, or U+FFFD), and
 * the decoder never takes an ASCII byte into a malformed run, so no decoding is needed. The reader cannot fail
 * where this succeeds: it takes the bad bytes of every line as it passes it, so its queue of them never holds more
 * than its read-ahead's lines.
 */
final class JsonLineCounter {

    private JsonLineCounter() {}

    /** The number of rows {@link JsonRecordReader} reads from the JSON Lines upload {@code file}. */
    static long count(UploadSource file) throws IOException {
        byte[] buffer = new byte[CsvRowCounter.BUFFER_SIZE];
        long rows = 0;
        boolean filled = false; // whether the current line holds something other than white space
        try (InputStream in = file.open()) {
            int length = Utf8Files.readFully(in, buffer);
            int i = Utf8Files.bomLength(buffer, length);
            while (true) {
                while (i < length) {
                    byte b = buffer[i++];
                    if (b == '\n') {
                        if (filled) {
                            rows++;
                            filled = false;
                        }
                    } else if (b != ' ' && b != '\t' && b != '\r') {
                        filled = true;
                        while (i < length && buffer[i] != '\n') { // the rest of the line cannot unfill it
                            i++;
                        }
                    }
                }
                if (length < buffer.length) {
                    return filled ? rows + 1 : rows;
                }
                length = Utf8Files.readFully(in, buffer);
                i = 0;
            }
        }
    }
}
