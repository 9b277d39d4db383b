package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * Decodes UTF-8 like a lenient reader (each malformed sequence becomes U+FFFD) but remembers where every
 * replacement happened, so that the record reader can reject exactly the row that held it instead of either
 * failing the whole file or silently loading U+FFFD.
 *
 * <p>Why not a strict decoder: a strict {@code InputStreamReader} throws when its read-ahead meets the bad bytes,
 * which is some 8,000 characters before the parser reaches them; the row it is reading is then the wrong one, and
 * nothing after it can be read. Replacing keeps the text's structure: bytes that are not UTF-8 never stand for
 * {@code '\n'}, {@code '\r'}, {@code '"'} or any other ASCII character, so lines, quotes and delimiters stay where
 * they were and the parser finds the same row boundaries as in a clean file.
 *
 * <p>Each replacement is queued with its {@linkplain Malformed#line() line} and character offset in the decoded
 * text and its byte offset in the file. The reader of the records takes them off the queue once it knows a
 * record's extent ({@link #takeThroughLine}, {@link #takeBefore}). The queue only holds what has been decoded but
 * not yet claimed (the parser's read-ahead); per line only the first replacement is kept where lines are counted,
 * and past {@link #MAX_PENDING} entries reading fails rather than letting memory grow with the file.
 */
final class ReplacingUtf8Reader extends Reader {

    /** What ends a line, for numbering lines the way the consumer does. */
    enum LineBreaks {
        /** CR, LF or CRLF, as FastCSV counts the lines of a CSV file. */
        CSV,
        /** LF only, as JSON Lines are split. */
        LF,
        /** Lines are not counted: replacements are found by character offset (a JSON array). */
        NONE
    }

    /** Entries decoded but not yet claimed beyond which the text is not UTF-8 in a way no row can carry. */
    static final int MAX_PENDING = 16_384;
    /** Bytes of one run of malformed bytes quoted in a message. */
    private static final int MAX_QUOTED_BYTES = 8;

    private static final char REPLACEMENT = '\uFFFD';

    /**
     * A run of malformed bytes, decoded as U+FFFD.
     *
     * @param line       1-based line of the decoded text that holds it (0 when lines are not counted)
     * @param charOffset offset in the decoded text of its first U+FFFD
     * @param byteOffset 0-based offset in the file of its first byte (a byte order mark counts)
     * @param bytes      its first bytes, at most {@value #MAX_QUOTED_BYTES}
     * @param length     how many bytes it spans
     */
    record Malformed(long line, long charOffset, long byteOffset, byte[] bytes, int length) {

        /** E.g. {@code bytes FF FE at byte offset 1234}. */
        String describe() {
            StringBuilder text = new StringBuilder(length == 1 ? "byte " : "bytes ");
            HexFormat hex = HexFormat.of().withUpperCase();
            for (int i = 0; i < bytes.length; i++) {
                text.append(i == 0 ? "" : " ").append(hex.toHexDigits(bytes[i]));
            }
            if (length > bytes.length) {
                text.append(" ...");
            }
            return text.append(" at byte offset ").append(byteOffset).toString();
        }

        /** Why a row holding these bytes is rejected. */
        String rowRejection() {
            return "the row is not valid UTF-8: " + describe() + " cannot be decoded (shown as U+FFFD in the record)";
        }
    }

    /** The queue is full: fails the read with a message naming where the bad bytes began. */
    static final class TooManyMalformed extends CharacterCodingException {

        private final String message;

        TooManyMalformed(Malformed first) {
            this.message = "more than " + MAX_PENDING + " runs of bytes that are not UTF-8 within one stretch of "
                    + "the file, the first " + first.describe() + "; the file does not look like UTF-8 text";
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    private final InputStream in;
    private final LineBreaks lineBreaks;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private final ArrayDeque<Malformed> pending = new ArrayDeque<>();
    /** File offset of {@code bytes}' index 0. */
    private long bufferOffset;
    /** Characters handed out so far. */
    private long chars;

    private long line = 1;
    private boolean lastWasCr;
    /** A character decoded when the caller's buffer had no room left for it (a U+FFFD, or a low surrogate), or -1. */
    private int owed = -1;

    private boolean endOfInput;
    private boolean flushed;

    /**
     * @param in          the bytes, positioned after any byte order mark
     * @param startOffset the file offset of {@code in}'s first byte (the length of the skipped byte order mark)
     */
    ReplacingUtf8Reader(InputStream in, long startOffset, LineBreaks lineBreaks) {
        this.in = in;
        this.bufferOffset = startOffset;
        this.lineBreaks = lineBreaks;
    }

    /**
     * Takes the replacements on lines up to {@code lastLine}: the first is returned (null if none), the others
     * are dropped, as a row is rejected for its first.
     */
    Malformed takeThroughLine(long lastLine) {
        Malformed first = null;
        while (!pending.isEmpty() && pending.peekFirst().line() <= lastLine) {
            Malformed next = pending.pollFirst();
            if (first == null) {
                first = next;
            }
        }
        return first;
    }

    /** Takes the replacements decoded before character {@code charOffset}: the first, or null; drops the others. */
    Malformed takeBefore(long charOffset) {
        Malformed first = null;
        while (!pending.isEmpty() && pending.peekFirst().charOffset() < charOffset) {
            Malformed next = pending.pollFirst();
            if (first == null) {
                first = next;
            }
        }
        return first;
    }

    /** Where the lines of the bytes read start, when they are counted (see {@link Utf8Files}); else null. */
    LineStarts lineStarts() {
        return in instanceof LineStarts starts ? starts : null;
    }

    /** The earliest replacement not yet taken, or null. */
    Malformed peek() {
        return pending.peekFirst();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        if (owed >= 0) {
            out.put((char) owed);
            owed = -1;
        }
        while (out.hasRemaining() && !flushed) {
            int before = out.position();
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            count(cbuf, before, out.position());
            if (result.isError()) {
                replace(out, off, result.length());
            } else if (result.isOverflow()) {
                if (out.position() == off) { // room for one character, and the next is a surrogate pair
                    CharBuffer pair = CharBuffer.allocate(2);
                    decoder.decode(bytes, pair, endOfInput);
                    out.put(pair.get(0));
                    owed = pair.get(1);
                }
                break;
            } else if (endOfInput) {
                if (decoder.flush(out).isOverflow()) {
                    break;
                }
                flushed = true;
            } else if (out.position() > off) {
                break; // hand out what there is rather than wait for more
            } else {
                fill();
            }
        }
        int n = out.position() - off;
        chars += n;
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Notes the malformed run at the input's position, skips it, and writes (or owes) its U+FFFD. */
    private void replace(CharBuffer out, int off, int length) throws CharacterCodingException {
        long byteOffset = bufferOffset + bytes.position();
        long charOffset = chars + out.position() - off;
        byte[] quoted = new byte[Math.min(length, MAX_QUOTED_BYTES)];
        bytes.get(bytes.position(), quoted);
        bytes.position(bytes.position() + length);
        record(new Malformed(lineBreaks == LineBreaks.NONE ? 0 : line, charOffset, byteOffset, quoted, length));
        lastWasCr = false;
        if (out.hasRemaining()) {
            out.put(REPLACEMENT);
        } else {
            owed = REPLACEMENT;
        }
    }

    private void record(Malformed found) throws CharacterCodingException {
        Malformed last = pending.peekLast();
        if (last != null && last.byteOffset() + last.length() == found.byteOffset() && last.line() == found.line()) {
            // the same run, split by the decoder into sequences (FF then FE): one entry, its bytes quoted together
            int length = last.length() + found.length();
            byte[] quoted = new byte[Math.min(length, MAX_QUOTED_BYTES)];
            System.arraycopy(last.bytes(), 0, quoted, 0, last.bytes().length);
            System.arraycopy(found.bytes(), 0, quoted, last.bytes().length, quoted.length - last.bytes().length);
            pending.pollLast();
            pending.addLast(new Malformed(last.line(), last.charOffset(), last.byteOffset(), quoted, length));
            return;
        }
        if (last != null && lineBreaks != LineBreaks.NONE && last.line() == found.line()) {
            return; // rows are found by line: the line's first run is the one reported
        }
        if (pending.size() >= MAX_PENDING) {
            throw new TooManyMalformed(pending.peekFirst());
        }
        pending.addLast(found);
    }

    /** Counts the line breaks among the characters just decoded. */
    private void count(char[] cbuf, int from, int to) {
        if (lineBreaks == LineBreaks.NONE) {
            return;
        }
        for (int i = from; i < to; i++) {
            char c = cbuf[i];
            if (c > '\r') {
                lastWasCr = false;
            } else if (c == '\n') {
                if (!lastWasCr) {
                    line++;
                }
                lastWasCr = false;
            } else if (c == '\r' && lineBreaks == LineBreaks.CSV) {
                line++;
                lastWasCr = true;
            } else {
                lastWasCr = false;
            }
        }
    }

    private void fill() throws IOException {
        bufferOffset += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n > 0) {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
        endOfInput = n < 0;
    }
}
