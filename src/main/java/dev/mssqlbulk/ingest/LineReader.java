package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Presents a text one line at a time, so that a streaming parser can read a single line of any length without
 * the line ever being held in memory: as a {@link Reader}, it yields the current line's characters without the
 * {@code '\n'} and then reports the end of input, until {@link #nextLine()} moves on.
 */
final class LineReader extends Reader {

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int pos;
    private int limit;
    /** Whether the current line's end (its '\n' or the end of the text) has not been consumed yet. */
    private boolean inLine;
    /** 1-based number of the current line among all lines of the text, blank ones included. */
    private long lineNumber;

    LineReader(Reader in) {
        this.in = in;
    }

    /**
     * Drops what is left of the current line and starts the next one.
     *
     * @return false at the end of the text (a final {@code '\n'} does not start another line)
     */
    boolean nextLine() throws IOException {
        finishLine();
        inLine = fill();
        if (inLine) {
            lineNumber++;
        }
        return inLine;
    }

    /** Consumes what is left of the current line, so that all of its text has been read from the source. */
    void finishLine() throws IOException {
        while (inLine && fill()) {
            while (pos < limit) {
                if (buffer[pos++] == '\n') {
                    inLine = false;
                    break;
                }
            }
        }
        inLine = false;
    }

    /** 1-based number of the current line, counting blank lines (0 before the first). */
    long lineNumber() {
        return lineNumber;
    }

    /** Consumes the rest of the current line and tells whether it held nothing but JSON white space (space, tab, CR). */
    boolean restIsBlank() throws IOException {
        boolean blank = true;
        while (inLine && fill()) {
            while (pos < limit) {
                char c = buffer[pos++];
                if (c == '\n') {
                    inLine = false;
                    break;
                }
                if (c != ' ' && c != '\t' && c != '\r') {
                    blank = false;
                }
            }
        }
        inLine = false;
        return blank;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!inLine || !fill()) {
            inLine = false;
            return -1;
        }
        int n = 0;
        while (n < len && pos < limit) {
            char c = buffer[pos++];
            if (c == '\n') {
                inLine = false;
                break;
            }
            cbuf[off + n++] = c;
        }
        return n == 0 ? -1 : n;
    }

    /** Closes the underlying text. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }
}
