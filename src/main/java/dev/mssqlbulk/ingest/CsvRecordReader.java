package dev.mssqlbulk.ingest;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Streams an RFC 4180 CSV file (quotes, embedded delimiters and line breaks, CRLF or LF) with FastCSV.
 * The file is UTF-8, with or without a byte order mark; bytes that are not UTF-8 make it malformed rather than
 * being silently replaced. The first record is the header; empty lines are skipped and not counted as rows.
 *
 * <p>FastCSV does not report a quote left open at the end of the file: the field then runs to the end of the
 * file, and the row usually fails its field count or length check instead.
 */
public final class CsvRecordReader implements RecordReader {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final CsvReader<String[]> csv;
    private final CloseableIterator<String[]> records;
    private final FieldCollector collector;
    private final List<String> header;
    private boolean headerRead;
    private long rowNumber;

    private CsvRecordReader(CsvReader<String[]> csv, FieldCollector collector) throws IOException {
        this.csv = csv;
        this.records = csv.iterator();
        this.collector = collector;
        String[] names = read();
        this.header = names == null ? List.of() : Arrays.stream(names).map(String::trim).toList();
        this.headerRead = true;
    }

    /** Opens {@code file} and reads its header. */
    public static CsvRecordReader open(Path file, char delimiter) throws IOException {
        FieldCollector collector = new FieldCollector();
        Reader reader = utf8Reader(file);
        try {
            CsvReader<String[]> csv;
            try {
                csv = CsvReader.builder()
                        .fieldSeparator(delimiter)
                        .skipEmptyLines(true)
                        .allowExtraFields(true)    // field counts are checked per row by RowConverter,
                        .allowMissingFields(true)  // so that a short or long row fails only itself
                        .build(collector, reader);
            } catch (IllegalArgumentException e) {
                throw new UploadRejected("column delimiter '" + delimiter + "' cannot be used: " + e.getMessage());
            }
            return new CsvRecordReader(csv, collector);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Counts the data rows of {@code file} without keeping any of them. */
    public static long countRows(Path file, char delimiter) throws IOException {
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
        return values == null ? null : new SourceRow(rowNumber, values);
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

    /** The next record's fields, counting it as a data row once the header has been read; null at the end. */
    private String[] read() throws IOException {
        long at = headerRead ? rowNumber + 1 : 0;
        String[] fields;
        try {
            fields = records.hasNext() ? records.next() : null;
        } catch (CsvParseException e) {
            throw new MalformedInputException(at, "malformed CSV in " + where(at) + ": " + rootMessage(e), e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new MalformedInputException(at, "the file is not valid UTF-8 (detected while reading " + where(at) + ")", e);
            }
            throw e.getCause();
        }
        if (fields != null && headerRead) {
            rowNumber = at;
        }
        return fields;
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

    private static Reader utf8Reader(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            in.mark(UTF8_BOM.length);
            if (!Arrays.equals(in.readNBytes(UTF8_BOM.length), UTF8_BOM)) {
                in.reset();
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }
}
