package dev.mssqlbulk.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts an upload's bytes on their way to the UTF-8 decoder and remembers at which byte offset each line starts,
 * so that a reader can tell where the record after the one it just returned starts ({@link ResumePoint}), although
 * the decoder and the parser above it read ahead.
 *
 * <p>Lines are counted on bytes, which is exact for UTF-8: the bytes 0x0A and 0x0D never occur inside a multi-byte
 * sequence, and the replacing decoder never makes them part of a malformed run (see {@link ReplacingUtf8Reader}),
 * so line {@code n} here is line {@code n} of the decoded text, as the parser counts it. With CR counted as a line
 * break (CSV, as FastCSV counts: CR, LF or CRLF), a CR is resolved by reading the byte after it at once, so that
 * the start of the next line is known as soon as the CR has been handed out.
 *
 * <p>Memory is bounded: only the starts of the {@value #CAPACITY} latest lines are kept, and the reader drops those
 * it has passed. A start no longer kept is reported as unknown (null), never guessed; the only lines that can get
 * lost that way are ones the reader has long passed or ones inside one enormous multi-line record, whose start
 * is never asked for.
 */
final class LineStarts extends FilterInputStream {

    static final int CAPACITY = 1 << 16;
    /** What {@link #startOf} answers for a line whose start is not known. */
    static final long UNKNOWN = -1;

    private final boolean crBreaks;
    private final long[] starts = new long[CAPACITY];
    /** The line whose start is {@code starts[head]}; the kept lines are consecutive. */
    private long firstKept;

    private int head;
    private int size;
    /** Offset in the upload of the next byte read from {@code in}. */
    private long position;

    private boolean pendingCr;
    /** The last byte counted; a line break before the first, so that an empty stream adds no line. */
    private byte lastByte = '\n';

    private boolean endSeen;
    /** A byte read after a CR to tell CRLF from CR, not handed out yet, or -1. */
    private int lookahead = -1;

    /**
     * @param in          the bytes from {@code startOffset} on
     * @param startOffset the offset in the upload of {@code in}'s first byte, where line 1 starts
     * @param crBreaks    whether a CR not followed by LF ends a line too (CSV) or only LF does (JSON Lines)
     */
    LineStarts(InputStream in, long startOffset, boolean crBreaks) {
        super(in);
        this.position = startOffset;
        this.crBreaks = crBreaks;
        this.firstKept = 1;
        add(startOffset);
    }

    /**
     * The offset at which line {@code lineNumber} starts, or {@link #UNKNOWN} when it is not known (not reached yet,
     * or no longer kept). Forgets the starts of the lines before it: they are asked for in increasing order. Asked
     * after every record, hence a primitive.
     */
    long startOf(long lineNumber) {
        while (size > 0 && firstKept < lineNumber) {
            head = (head + 1) % CAPACITY;
            size--;
            firstKept++;
        }
        if (size == 0 || firstKept != lineNumber) {
            return UNKNOWN;
        }
        return starts[head];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (lookahead >= 0) {
            b[off] = (byte) lookahead;
            lookahead = -1;
            resolveCr(); // the byte handed out may be a CR itself (CR CR)
            return 1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            end();
            return n;
        }
        account(b, off, n);
        resolveCr();
        return n;
    }

    /**
     * When the last byte handed out is a CR, reads the byte after it (kept to be handed out next), so that where the
     * next line starts is known before the CR reaches the parser.
     */
    private void resolveCr() throws IOException {
        if (!pendingCr) {
            return;
        }
        int next = in.read();
        if (next < 0) {
            end();
        } else {
            account(new byte[] {(byte) next}, 0, 1);
            lookahead = next;
        }
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("line starts are counted on every byte: read them");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Notes the line starts among {@code n} bytes just read into {@code b} from {@code off}. */
    private void account(byte[] b, int off, int n) {
        long first = position - off; // the offset of b[i] is first + i
        for (int i = off, end = off + n; i < end; i++) {
            byte c = b[i];
            if ((c & 0xF0) != 0 && !pendingCr) {
                continue; // neither LF (0x0A) nor CR (0x0D), and no CR before it to resolve: most bytes
            }
            long at = first + i;
            if (pendingCr) {
                pendingCr = false;
                if (c == '\n') {
                    add(at + 1); // CRLF: one line break
                    continue;
                }
                add(at); // a lone CR
            }
            if (c == '\n') {
                add(at + 1);
            } else if (c == '\r' && crBreaks) {
                pendingCr = true;
            }
        }
        position += n;
        lastByte = b[off + n - 1];
    }

    /** The end of the upload: a last line without a line break is followed by a line that starts at the end. */
    private void end() {
        if (endSeen) {
            return;
        }
        endSeen = true;
        boolean lastWasBreak = lastByte == '\n' || (lastByte == '\r' && crBreaks);
        if (pendingCr || !lastWasBreak) {
            pendingCr = false;
            add(position);
        }
    }

    private void add(long offset) {
        if (size == CAPACITY) {
            head = (head + 1) % CAPACITY;
            size--;
            firstKept++;
        }
        starts[(head + size) % CAPACITY] = offset;
        size++;
    }
}
