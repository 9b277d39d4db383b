package dev.mssqlbulk.ingest;

import java.io.ByteArrayOutputStream;
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
 * it, and doing so with the reader was a second full parse of the upload, all of it before the first batch.
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

    /** Bytes read at once. */
    static final int BUFFER_SIZE = 1 << 18;
    /** A header longer than this is left to the parser (a quote left open in the header, say). */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /**
     * Bytes without the end of a record after which the count is left to the parser: a field of FastCSV's maximum
     * buffer size (16 Mi characters, each at least a byte) is about twice as long.
     */
    static final long MAX_QUIET_BYTES = 8L << 20;
    /** Line breaks within one record beyond which bytes that are not UTF-8 could overflow the reader's queue. */
    static final int MAX_RECORD_LINE_BREAKS = 4096;
    /**
     * Line breaks the parser misses (an LF it takes for the second half of a CRLF although it is not) beyond which
     * its line numbers could lag the decoder's so far that the reader's queue of bad bytes overflows.
     */
    static final int MAX_MISSED_LINE_BREAKS = 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long CRS = ONES * '\r';
    private static final long LFS = ONES * '\n';

    /**
     * At the start of a record, nothing read yet: a line break here makes no record, whether the parser takes it
     * for an empty line or for the LF of the CRLF that ended the last record, so a CR needs no state of its own.
     */
    private static final int START = 0;
    /** Right after a delimiter: a quote here opens a quoted field. */
    private static final int FIELD_START = 1;
    /** In an unquoted field. */
    private static final int UNQUOTED = 2;
    /** Inside quotes, no CR since the last LF (or the opening quote). */
    private static final int QUOTED = 3;
    /** Inside quotes, right after a CR. */
    private static final int QUOTED_CR = 4;
    /** Inside quotes, a CR seen since the last LF but not right before. */
    private static final int QUOTED_AFTER_CR = 5;
    /** After a closing quote, when the parser's CR mark is clear. */
    private static final int CLOSED = 6;
    /** After a closing quote that carries the parser's CR mark: an LF here does not end the record. */
    private static final int CLOSED_CR = 7;
    /**
     * A record going on past such an LF, with a delimiter before it: like {@link #FIELD_START}, but the end of the
     * file here drops the record (the parser has nothing pending).
     */
    private static final int RESUMED = 8;
    /** Not the parser's rules any more (a character after a closing quote): the parser decides. */
    private static final int FAILED = 9;

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
    /** Line breaks the parser's line numbers have missed so far (see {@link #MAX_MISSED_LINE_BREAKS}). */
    private int missedLineBreaks;

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
        return count(file, delimiter, BUFFER_SIZE);
    }

    /** As {@link #count(UploadSource, char)}, reading {@code bufferSize} bytes (at least 3) at a time. */
    static OptionalLong count(UploadSource file, char delimiter, int bufferSize) throws IOException {
        if (delimiter >= 0x80 || delimiter == '\r' || delimiter == '\n' || delimiter == '"') {
            return OptionalLong.empty(); // the parser refuses the last three, and reads the others as characters
        }
        CsvRowCounter counter = new CsvRowCounter((byte) delimiter);
        byte[] buffer = new byte[bufferSize];
        ByteArrayOutputStream header = new ByteArrayOutputStream(); // its bytes, until it has ended
        try (InputStream in = file.open()) {
            int length = Utf8Files.readFully(in, buffer);
            int from = Utf8Files.bomLength(buffer, length);
            long quietBytes = 0;
            while (true) {
                long before = counter.records;
                if (header != null) {
                    int headerEnd = counter.scan(buffer, from, length, 1);
                    header.write(buffer, from, (headerEnd < 0 ? length : headerEnd) - from);
                    if (headerEnd >= 0) {
                        checkHeader(header, file, delimiter);
                        header = null;
                        counter.scan(buffer, headerEnd, length, Long.MAX_VALUE);
                    } else if (header.size() > MAX_HEADER_BYTES) {
                        return OptionalLong.empty();
                    }
                } else {
                    counter.scan(buffer, from, length, Long.MAX_VALUE);
                }
                quietBytes = counter.records == before ? quietBytes + length - from : 0;
                if (counter.state == FAILED || quietBytes > MAX_QUIET_BYTES) {
                    return OptionalLong.empty();
                }
                if (length < buffer.length) {
                    break;
                }
                length = Utf8Files.readFully(in, buffer);
                from = 0;
            }
            if (header != null && counter.endOfInput() > 0) { // the header ends the file
                checkHeader(header, file, delimiter);
            }
            return OptionalLong.of(Math.max(counter.endOfInput() - 1, 0));
        }
    }

    /**
     * Lets the reader fail, as it does, on a header that is not valid UTF-8: when {@code header} (the bytes up to
     * the header's end) is not, the reader opens the upload and reads its header (a few kilobytes).
     */
    private static void checkHeader(ByteArrayOutputStream header, UploadSource file, char delimiter)
            throws IOException {
        if (!isUtf8(header.toByteArray())) {
            CsvRecordReader.open(file, delimiter).close(); // throws what the reader throws, if it does
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
                boolean recordEnds = false;
                switch (s) {
                    case UNQUOTED -> {
                        if (b == '\n' || b == '\r') {
                            s = START;
                            recordEnds = true;
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
                            s = ++recordLineBreaks > MAX_RECORD_LINE_BREAKS ? FAILED : QUOTED_CR;
                        } else if (b == '\n' && s == QUOTED_CR) {
                            s = QUOTED; // the LF of a CRLF: no line break of its own
                        } else if (b == '\n') {
                            boolean missed = s == QUOTED_AFTER_CR; // the parser's CR mark makes it miss this one
                            s = ++recordLineBreaks > MAX_RECORD_LINE_BREAKS
                                            || missed && ++missedLineBreaks > MAX_MISSED_LINE_BREAKS
                                    ? FAILED
                                    : QUOTED;
                        } else if (s == QUOTED) {
                            i = plain(buffer, i, to);
                        } else {
                            s = QUOTED_AFTER_CR;
                        }
                    }
                    case START, FIELD_START, RESUMED -> {
                        if (b == '"') {
                            s = QUOTED;
                        } else if (b == d) {
                            s = FIELD_START;
                            delimited = true;
                        } else if (b == '\n' || b == '\r') {
                            recordEnds = s != START; // at START: an empty line, or the LF of a CRLF
                            s = START;
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
                            s = START;
                            recordEnds = true;
                        } else if (b == '\n') { // the CR mark: the parser takes this LF for the end of a CRLF
                            s = ++missedLineBreaks > MAX_MISSED_LINE_BREAKS
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
                if (recordEnds) {
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
            case START, RESUMED, FAILED -> records;
            default -> records + 1;
        };
    }

    /** Whether {@code bytes} are valid UTF-8, decoded as the reader decodes them. */
    private static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
