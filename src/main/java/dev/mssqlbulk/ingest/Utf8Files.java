package dev.mssqlbulk.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens uploads as UTF-8: an optional byte order mark is dropped, and bytes that are not UTF-8 are replaced and
 * remembered (see {@link ReplacingUtf8Reader}) so that only the row holding them fails.
 */
final class Utf8Files {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8Files() {}

    /** A reader of {@code file} past its byte order mark, if any, numbering lines as {@code lineBreaks} says. */
    static ReplacingUtf8Reader reader(UploadSource source, ReplacingUtf8Reader.LineBreaks lineBreaks)
            throws IOException {
        return reader(source, lineBreaks, 0);
    }

    /**
     * A reader of {@code file} from byte {@code offset} on (past its byte order mark, if any, at offset 0), numbering
     * lines as {@code lineBreaks} says from 1 at {@code offset}. Where lines are counted, the reader also knows where
     * each line starts ({@link ReplacingUtf8Reader#lineStarts()}).
     */
    static ReplacingUtf8Reader reader(UploadSource source, ReplacingUtf8Reader.LineBreaks lineBreaks, long offset)
            throws IOException {
        InputStream in = new BufferedInputStream(source.open(offset == 0 ? 0 : offset - 1));
        try {
            long start = offset == 0 ? skipBom(in) : afterLineBreak(in, offset, lineBreaks);
            InputStream counted = lineBreaks == ReplacingUtf8Reader.LineBreaks.NONE
                    ? in
                    : new LineStarts(in, start, lineBreaks == ReplacingUtf8Reader.LineBreaks.CSV);
            return new ReplacingUtf8Reader(counted, start, lineBreaks);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads the byte before {@code offset} from {@code in} (which starts there and must support mark) and checks
     * that it ends a line, or that {@code offset} is the end of the upload: a resume point is always one or the
     * other, so anything else means the upload is not the one the point was taken on.
     *
     * @return {@code offset}
     * @throws NotAResumePoint otherwise
     */
    private static long afterLineBreak(InputStream in, long offset, ReplacingUtf8Reader.LineBreaks lineBreaks)
            throws IOException {
        int before = in.read();
        boolean lineBreak = before == '\n' || (before == '\r' && lineBreaks == ReplacingUtf8Reader.LineBreaks.CSV);
        if (before < 0 || !lineBreak) {
            in.mark(1);
            boolean atEnd = in.read() < 0;
            in.reset();
            if (before < 0 || !atEnd) {
                throw new NotAResumePoint(offset);
            }
        }
        return offset;
    }

    /** A byte offset at which no record of the upload starts. */
    static final class NotAResumePoint extends IOException {

        NotAResumePoint(long offset) {
            super("no record starts at byte offset " + offset + " of the upload");
        }
    }

    /** A buffered stream of {@code file}'s bytes past its byte order mark, if any. */
    static InputStream afterBom(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            skipBom(in);
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The length of the UTF-8 byte order mark that {@code buffer}'s first {@code length} bytes start with, or 0. */
    static int bomLength(byte[] buffer, int length) {
        return length >= UTF8_BOM.length && Arrays.equals(buffer, 0, UTF8_BOM.length, UTF8_BOM, 0, UTF8_BOM.length)
                ? UTF8_BOM.length
                : 0;
    }

    /** Reads until {@code buffer} is full or {@code in} ends; the number of bytes read. */
    static int readFully(InputStream in, byte[] buffer) throws IOException {
        return in.readNBytes(buffer, 0, buffer.length);
    }

    /** Reads past a UTF-8 byte order mark at the start of {@code in} (which must support mark); its length or 0. */
    private static int skipBom(InputStream in) throws IOException {
        in.mark(UTF8_BOM.length);
        if (Arrays.equals(in.readNBytes(UTF8_BOM.length), UTF8_BOM)) {
            return UTF8_BOM.length;
        }
        in.reset();
        return 0;
    }
}
