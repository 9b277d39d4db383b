package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Counts the data rows of a CSV upload on its raw bytes, giving the number of rows {@link CsvRecordReader} reads
 * (FastCSV's strict parser with empty lines skipped, over {@link ReplacingUtf8Reader}) at a fraction of the cost of
 * parsing: no decoding, no field strings, one pass through a large buffer. A job counts its upload before loading
 * it, and counting by parsing cost as much as a fifth of the reading.
 *
 * <p>Working on bytes is exact for UTF-8: every byte below 0x80 is the ASCII character it encodes (bytes that are
 * not UTF-8 are replaced without ever swallowing one), and every other byte belongs to a character that is neither
 * a delimiter, a quote nor a line break, so it only matters as "some other character". The record boundaries are
 * the parser's, including where FastCSV 4.1's rules are surprising:
 *
 * <ul>
 *   <li>CR, LF and CRLF end a record; a line break at the very start of a record is an empty line, skipped (a line
 *       holding only spaces, a delimiter or {@code ""} is a record).
 *   <li>A quote opens a quoted field only at the start of a field; anywhere else it is data. Inside quotes,
 *       delimiters and line breaks are data and a doubled quote is one quote. A quote left open runs to the end of
 *       the file and still makes a record.
 *   <li>Any character after a closing quote other than a delimiter, a line break or a second quote makes the reader
 *       fail: the count is then left to it ({@link OptionalLong#empty()}), so that it fails the same way.
 *   <li>When the last line break inside a quoted field is a CR (nothing but other characters between it and the
 *       closing quote), an LF right after the closing quote does not end the record: the parser carries its CR
 *       mark out of the quotes and takes the LF for the second half of a CRLF. The record goes on on the next line,
 *       and is dropped altogether if that line is empty and the record had no delimiter yet, or if the file ends
 *       there.
 *   <li>The first record is the header; a file ending after a delimiter has one more record.
 * </ul>
 *
 * <p>Where the reader would fail for other reasons than the bytes' structure, this either reproduces its failure or
 * leaves the count to it: a header that is not valid UTF-8 is checked by opening the reader (which then throws just
 * as counting by parsing did); a field too long for the parser's buffer, and a record whose many lines with bytes
 * that are not UTF-8 could overflow the reader's queue of them ({@link ReplacingUtf8Reader#MAX_PENDING}) are
 * detected conservatively (far below the limits) and left to the reader, as is a delimiter that is not ASCII.
 */
final class CsvRowCounter {

    /** Read at once; also the unit of {@link #MAX_QUIET_BUFFERS}. */
    static final int BUFFER_SIZE = 1 << 18;
    /**
     * Full buffers in a row without the end of a record after which the count is left to the parser: a field of
     * FastCSV's maximum buffer size (16 Mi characters, each at least a byte) spans about twice as many.
     */
    static final int MAX_QUIET_BUFFERS = 32;
    /** Line breaks within one record beyond which bytes that are not UTF-8 could overflow the reader's queue. */
    static final int MAX_RECORD_LINE_BREAKS = 4096;
    /**
     * Line breaks the parser does not count (an LF it takes for the second half of a CRLF although it is not) beyond which its line numbers lag the
     * decoder's so far that the reader's queue of bad bytes could overflow.
     */
    static final int MAX_UNCOUNTED_LINE_BREAKS = 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long CRS = ONES * '\r';
    private static final long LFS = ONES * '\n';

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** At the start of a record, nothing read yet: a line break here is an empty line. */
    private static final int START = 0;
    /** At the start of a record right after a CR: an LF here is the rest of a CRLF. */
    private static final int AFTER_CR = 1;
    /** Right after a delimiter: a quote here opens a quoted field. */
    private static final int FIELD_START = 2;
    /** In an unquoted field. */
    private static final int UNQUOTED = 3;
    /** Inside quotes, no CR since the last LF (or the opening quote). */
    private static final int QUOTED = 4;
    /** Inside quotes, right after a CR. */
    private static final int QUOTED_CR = 5;
    /** Inside quotes, a CR seen since the last LF but not right before. */
    private static final int QUOTED_AFTER_CR = 6;
    /** After a closing quote, when the parser's CR mark is clear. */
    private static final int CLOSED = 7;
    /** After a closing quote that carries the parser's CR mark: an LF here does not end the record. */
    private static final int CLOSED_CR = 8;
    /**
     * A record going on past such an LF, with a delimiter before it: like {@link #FIELD_START}, but the end of the
     * file here drops the record (the parser has nothing pending).
     */
    private static final int RESUMED = 9;
    /** Not the parser's rules any more (a character after a closing quote): the parser decides. */
    private static final int FAILED = 10;

    private final byte delimiter;

    private int state = START;
    /** Records (header included) ended so far. */
    private long records;
    /** The last byte scanned, for a scan that starts with the byte after it. */
    private byte previous;
    /**
     * Whether the quoted field being read is not the first field of its record (FastCSV's "not the first field"):
     * it opened after a delimiter, or in a record that went on past a line break after one.
     */
    private boolean delimited;
    /** Line breaks in the current record. */
    private int recordLineBreaks;
    /** Line breaks the parser's line numbers have missed so far. */
    private int uncountedLineBreaks;

    private CsvRowCounter(byte delimiter) {
        this.delimiter = delimiter;
    }

    /**
     * The number of data rows {@link CsvRecordReader} reads from {@code file}; empty when that is for the parser to
     * tell (see the class comment), e.g. because it would fail.
     *
     * @throws MalformedInputException when the header is not valid UTF-8, as the reader throws
     */
    static OptionalLong count(UploadSource file, char delimiter) throws IOException {
        if (delimiter >= 0x80 || delimiter == '\r' || delimiter == '\n' || delimiter == '"') {
            return OptionalLong.empty(); // the parser refuses the last three, and reads the others as characters
        }
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = file.open()) {
            int length = fill(in, buffer);
            int start = startsWithBom(buffer, length) ? UTF8_BOM.length : 0;
            CsvRowCounter counter = new CsvRowCounter((byte) delimiter);
            int headerEnd = counter.scan(buffer, start, length, 1);
            if (headerEnd < 0 && length == buffer.length || counter.state == FAILED) {
                return OptionalLong.empty(); // the parser fails, or a header longer than a buffer: rare enough
            }
            if (headerEnd < 0) { // the header, if any, ends the file
                headerEnd = counter.endOfInput() > 0 ? length : start;
            }
            if (!isUtf8(buffer, start, headerEnd)) {
                CsvRecordReader.open(file, delimiter).close(); // throws what the reader throws, if it does
            }
            counter.scan(buffer, headerEnd, length, Long.MAX_VALUE);
            int quietBuffers = 0;
            while (length == buffer.length && counter.state != FAILED && quietBuffers < MAX_QUIET_BUFFERS) {
                long before = counter.records;
                length = fill(in, buffer);
                counter.scan(buffer, 0, length, Long.MAX_VALUE);
                quietBuffers = counter.records == before ? quietBuffers + 1 : 0;
            }
            if (counter.state == FAILED || quietBuffers >= MAX_QUIET_BUFFERS) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(counter.endOfInput() - 1, 0));
        }
    }

    /**
     * Follows the parser through {@code buffer[from, to)}, counting the records that end there.
     *
     * @param stopAt a number of records: the scan stops once it has counted that many
     * @return the index after the byte that ended record {@code stopAt}, or -1 when it did not end here
     */
    private int scan(byte[] buffer, int from, int to, long stopAt) {
        byte d = delimiter;
        int s = state;
        long n = records;
        int i = from;
        try {
            while (i < to) {
                byte b = buffer[i++];
                int ended = s; // the state before a line break that ends a record; else unchanged
                switch (s) {
                    case UNQUOTED -> {
                        if (b == '\n' || b == '\r') {
                            s = b == '\n' ? START : AFTER_CR;
                        } else if (b == '"' && (i - 2 >= from ? buffer[i - 2] : previous) == d) {
                            s = QUOTED; // right after a delimiter: a quoted field
                            delimited = true;
                        } else { // delimiters only matter before a quote: on to the next quote or line break
                            i = plain(buffer, i, to);
                        }
                    }
                    case QUOTED, QUOTED_CR, QUOTED_AFTER_CR -> {
                        if (b == '"') {
                            s = s == QUOTED ? CLOSED : CLOSED_CR;
                        } else if (b == '\r') {
                            s = QUOTED_CR;
                            if (++recordLineBreaks > MAX_RECORD_LINE_BREAKS) {
                                s = FAILED;
                            }
                        } else if (b == '\n') {
                            if (s != QUOTED_CR && ++recordLineBreaks > MAX_RECORD_LINE_BREAKS) {
                                s = FAILED; // (after a CR, the LF of a CRLF: no line of its own)
                            } else if (s == QUOTED_AFTER_CR && ++uncountedLineBreaks > MAX_UNCOUNTED_LINE_BREAKS) {
                                s = FAILED; // the parser's CR mark makes it miss this line break
                            } else {
                                s = QUOTED;
                            }
                        } else if (s == QUOTED) {
                            i = plain(buffer, i, to);
                        } else {
                            s = QUOTED_AFTER_CR;
                        }
                    }
                    case START, AFTER_CR, FIELD_START, RESUMED -> {
                        if (b == '"') {
                            s = QUOTED;
                        } else if (b == d) {
                            s = FIELD_START;
                            delimited = true;
                        } else if (b == '\n' || b == '\r') {
                            if (s == START || s == AFTER_CR) {
                                ended = START; // an empty line, or the LF of the CRLF that ended the last record
                            }
                            s = b == '\n' ? START : AFTER_CR;
                        } else {
                            s = UNQUOTED;
                        }
                    }
                    case CLOSED, CLOSED_CR -> {
                        if (b == '"') {
                            s = QUOTED; // a doubled quote: the field goes on
                        } else if (b == d) {
                            s = FIELD_START;
                            delimited = true;
                        } else if (b == '\r' || b == '\n' && s == CLOSED) {
                            s = b == '\n' ? START : AFTER_CR;
                        } else if (b == '\n') { // the CR mark: the parser takes it for the LF of a CRLF
                            ended = START;
                            s = ++uncountedLineBreaks > MAX_UNCOUNTED_LINE_BREAKS
                                            || ++recordLineBreaks > MAX_RECORD_LINE_BREAKS
                                    ? FAILED
                                    : delimited ? RESUMED : START;
                        } else {
                            s = FAILED; // a character after a closing quote: the parser fails
                        }
                    }
                    default -> {
                        return -1;
                    }
                }
                if ((s == START || s == AFTER_CR) && ended != START) {
                    delimited = false;
                    recordLineBreaks = 0;
                    if (++n == stopAt) {
                        return i;
                    }
                }
            }
            return -1;
        } finally {
            state = s;
            records = n;
            if (i > from) {
                previous = buffer[i - 1];
            }
        }
    }

    /**
     * The index of the first quote, CR or LF in {@code buffer[from, to)}, or {@code to}: eight bytes at a time, as
     * most bytes of most uploads are none of them.
     */
    private static int plain(byte[] buffer, int from, int to) {
        int i = from;
        while (i <= to - Long.BYTES) {
            long word = (long) LONGS.get(buffer, i);
            long found = bytesEqual(word, QUOTES) | bytesEqual(word, CRS) | bytesEqual(word, LFS);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < to && buffer[i] != '"' && buffer[i] != '\n' && buffer[i] != '\r') {
            i++;
        }
        return i;
    }

    /**
     * The high bit of each byte of {@code word} that equals the byte repeated in {@code pattern}; a borrow may mark
     * bytes above a match too, so only the lowest mark is exact, which is the one used.
     */
    private static long bytesEqual(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    /** The records counted, plus the one the end of the file ends, if any. */
    private long endOfInput() {
        return switch (state) {
            case START, AFTER_CR, RESUMED, FAILED -> records;
            default -> records + 1;
        };
    }

    /** Reads until {@code buffer} is full or the stream ends; the number of bytes read. */
    static int fill(InputStream in, byte[] buffer) throws IOException {
        int length = 0;
        while (length < buffer.length) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        return length;
    }

    static boolean startsWithBom(byte[] buffer, int length) {
        return length >= UTF8_BOM.length
                && buffer[0] == UTF8_BOM[0]
                && buffer[1] == UTF8_BOM[1]
                && buffer[2] == UTF8_BOM[2];
    }

    /** Whether {@code buffer[from, to)} is valid UTF-8, decoded as the reader decodes it. */
    private static boolean isUtf8(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] < 0) {
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(buffer, i, to - i));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
