package dev.mssqlbulk.ingest;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Streams an RFC 4180 CSV file (quotes, embedded delimiters and line breaks, CRLF or LF) with FastCSV.
 * The file is UTF-8, with or without a byte order mark. The first record is the header; empty lines are skipped and
 * not counted as rows.
 *
 * <p>A row holding bytes that are not UTF-8 comes back {@linkplain SourceRow#rejection() rejected}, naming the byte
 * offset of the first bad bytes, with its fields as decoded (each bad sequence as U+FFFD), and the reading goes on:
 * bytes that are not UTF-8 never stand for a line break, a quote or a delimiter, so every row's boundaries are
 * where they would be in a clean file. The header must be valid UTF-8 ({@link MalformedInputException} otherwise).
 *
 * <p>FastCSV does not report a quote left open at the end of the file: the field then runs to the end of the
 * file, and the row usually fails its field count or length check instead.
 */
public final class CsvRecordReader implements RecordReader {

    private final CsvReader<String[]> csv;
    private final ReplacingUtf8Reader text;
    private final CloseableIterator<String[]> records;
    private final FieldCollector collector;
    private final List<String> header;
    /** Where each line of the bytes read starts, for {@link #resumePoint}. */
    private final LineStarts lineStarts;

    private boolean headerRead;
    private long rowNumber;
    /** Bad bytes of the record last read, or null. */
    private ReplacingUtf8Reader.Malformed malformed;
    /** Where the record after the last one read starts, or {@link LineStarts#UNKNOWN}. */
    private long nextStart = LineStarts.UNKNOWN;

    /**
     * @param header the header read from the start of the upload when {@code text} starts after it (at a resume
     *               point, after data row {@code rowNumber}); null when {@code text} starts at the header
     */
    private CsvRecordReader(
            CsvReader<String[]> csv,
            ReplacingUtf8Reader text,
            FieldCollector collector,
            List<String> header,
            long rowNumber)
            throws IOException {
        this.csv = csv;
        this.text = text;
        this.records = csv.iterator();
        this.collector = collector;
        this.lineStarts = text.lineStarts();
        if (header != null) {
            this.header = header;
            this.rowNumber = rowNumber;
            this.headerRead = true;
            return;
        }
        String[] names = read();
        if (malformed != null) {
            throw new MalformedInputException(
                    0, "the header is not valid UTF-8: " + malformed.describe() + " cannot be decoded", null);
        }
        this.header = names == null
                ? List.of()
                : Arrays.stream(names).map(String::trim).toList();
        this.headerRead = true;
    }

    /** Opens {@code file} and reads its header. */
    public static CsvRecordReader open(Path file, char delimiter) throws IOException {
        return open(UploadSource.of(file), delimiter);
    }

    /** Opens the upload and reads its header. */
    public static CsvRecordReader open(UploadSource file, char delimiter) throws IOException {
        return open(file, delimiter, null, null);
    }

    /**
     * Opens the upload to read on after {@code from}: the header is read from the start of the upload (its byte
     * order mark, its names), then the rows from {@code from}'s offset on, numbered on from its row, with bad bytes
     * named by their offset in the whole upload: the same rows as reading the whole upload and passing over the
     * first {@code from.row()}.
     */
    public static CsvRecordReader open(UploadSource file, char delimiter, ResumePoint from) throws IOException {
        List<String> header;
        try (CsvRecordReader start = open(file, delimiter)) {
            header = start.header();
        }
        return open(file, delimiter, header, from);
    }

    private static CsvRecordReader open(UploadSource file, char delimiter, List<String> header, ResumePoint from)
            throws IOException {
        FieldCollector collector = new FieldCollector();
        ReplacingUtf8Reader reader =
                Utf8Files.reader(file, ReplacingUtf8Reader.LineBreaks.CSV, from == null ? 0 : from.offset());
        try {
            CsvReader<String[]> csv;
            try {
                csv = CsvReader.builder()
                        .fieldSeparator(delimiter)
                        .skipEmptyLines(true)
                        .allowExtraFields(true) // field counts are checked per row by RowConverter,
                        .allowMissingFields(true) // so that a short or long row fails only itself
                        .build(collector, reader);
            } catch (IllegalArgumentException e) {
                throw new UploadRejected("column delimiter '" + delimiter + "' cannot be used: " + e.getMessage());
            }
            return new CsvRecordReader(csv, reader, collector, header, from == null ? 0 : from.row());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Counts the data rows of {@code file} without keeping any of them. */
    public static long countRows(Path file, char delimiter) throws IOException {
        return countRows(UploadSource.of(file), delimiter);
    }

    /**
     * As {@link #countRows(Path, char)}, for an upload in any store: on the raw bytes ({@link CsvRowCounter}), or,
     * where only the parser can tell (it would fail, a delimiter that is not ASCII), by parsing the upload again.
     */
    public static long countRows(UploadSource file, char delimiter) throws IOException {
        OptionalLong counted = CsvRowCounter.count(file, delimiter);
        return counted.isPresent() ? counted.getAsLong() : countByParsing(file, delimiter);
    }

    /** Counts the data rows by reading them. */
    static long countByParsing(UploadSource file, char delimiter) throws IOException {
        try (CsvRecordReader reader = open(file, delimiter)) {
            return reader.skip(Long.MAX_VALUE);
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public SourceRow next() throws IOException {
        String[] values = read();
        if (values == null) {
            return null;
        }
        return new SourceRow(rowNumber, values, malformed == null ? null : malformed.rowRejection());
    }

    /** Known after every record as long as the start of the line after it is still kept (see {@link LineStarts}). */
    @Override
    public ResumePoint resumePoint() {
        return nextStart == LineStarts.UNKNOWN ? null : new ResumePoint(rowNumber, nextStart);
    }

    /** Passes over rows without creating their field strings. */
    @Override
    public long skip(long n) throws IOException {
        collector.materializing(false);
        try {
            long skipped = 0;
            while (skipped < n && read() != null) {
                skipped++;
            }
            return skipped;
        } finally {
            collector.materializing(true);
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    /**
     * The next record's fields, counting it as a data row once the header has been read; null at the end. Sets
     * {@link #malformed} to the record's first bytes that are not UTF-8, if any.
     */
    private String[] read() throws IOException {
        long at = headerRead ? rowNumber + 1 : 0;
        String[] fields;
        try {
            fields = records.hasNext() ? records.next() : null;
        } catch (CsvParseException e) {
            throw new MalformedInputException(
                    at, "malformed CSV in " + where(at) + ": " + rootMessage(e) + badBytesHint(), e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new MalformedInputException(
                        at,
                        "the file is not valid UTF-8 (detected while reading " + where(at) + "): "
                                + e.getCause().getMessage(),
                        e);
            }
            throw e.getCause();
        }
        if (fields == null) {
            malformed = null;
            return null;
        }
        malformed = text.takeThroughLine(collector.lastLine());
        if (headerRead) {
            rowNumber = at;
        }
        nextStart = lineStarts == null ? LineStarts.UNKNOWN : lineStarts.startOf(collector.lastLine() + 1);
        return fields;
    }

    /**
     * Where FastCSV refuses a record, a U+FFFD standing for bad bytes may be why (after a closing quote, where no
     * character may stand): naming them saves the reader a hunt.
     */
    private String badBytesHint() {
        ReplacingUtf8Reader.Malformed next = text.peek();
        return next == null || next.line() < collector.startingLine()
                ? ""
                : "; the file holds bytes that are not UTF-8 near there (" + next.describe() + ")";
    }

    private static String where(long at) {
        return at == 0 ? "the header" : "data row " + at;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
