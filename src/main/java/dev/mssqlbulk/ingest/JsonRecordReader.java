package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams a JSON upload with Jackson: either one array of objects, or JSON Lines (one object per line). The file
 * is UTF-8, with or without a byte order mark.
 *
 * <p>The header is the union of the objects' top-level keys, in order of first appearance, compared exactly.
 * As it must be known before the first row, {@link #open} first passes over the whole file collecting keys (values
 * are skipped, not built), then reads it again for the rows. Each object becomes a row with its values in header
 * order: a string's text, a number's text exactly as written, {@code "true"}/{@code "false"}, and {@code ""} (which
 * means NULL) for {@code null} or a missing key.
 *
 * <p>Rows the reader can tell are wrong come back with a {@linkplain SourceRow#rejection() rejection} and the
 * reading goes on: a nested object or array as a value, a key given twice, an element or line that is not an
 * object, and, in JSON Lines, a line that is not valid JSON (each line stands alone). In an array, invalid JSON ends
 * the file: {@link MalformedInputException} naming the row being read.
 *
 * <p>Bytes that are not UTF-8 are decoded as U+FFFD (see {@link ReplacingUtf8Reader}) and reject the row that
 * holds them, naming their byte offset, with the values as decoded: in JSON Lines, the line's row; in an array,
 * the element whose text spans them, as long as they stand inside a JSON string (a key or a value). Anywhere else
 * in an array (between tokens, inside a number or a literal) U+FFFD is not JSON, and as the array's structure
 * past an error cannot be trusted, no later element can be found safely: the file is malformed, as for any other
 * invalid JSON in an array, and the message names the bytes. Rows with bad bytes add no keys to the header.
 *
 * <p>Rows are numbered from 1 by their position in the array, or among the non-blank lines (blank lines are
 * skipped and not counted).
 *
 * <p>A resumed job reads JSON Lines on from the byte offset stored with its checkpoint ({@link #openLines}; the
 * header is still collected from the whole file). A JSON array is always read from its first byte, the rows up to
 * the checkpoint passed over: an element cannot be parsed without the array around it, so it has no
 * {@linkplain #resumePoint() resume point}.
 *
 * <p>Opened with nested paths (for an upload through a transformation, whose fields may address nested values),
 * nested objects and arrays are not refused but flattened: the header holds the paths of their scalar values,
 * {@code address.city} for a member, {@code items[0].id} for an element.
 *
 * <p>This class is the entry point and holds the contract; the work is split by concern: {@link JsonHeaderKeys}
 * collects the header in the first pass, {@link JsonArrayRows} and {@link JsonLineRows} read the rows of each form,
 * {@link JsonObjectRow} turns one object into a row, and {@link JsonErrors} words what goes wrong.
 */
public final class JsonRecordReader implements RecordReader {

    /** Bounds the header, as a CSV record's field count is bounded. */
    static final int MAX_KEYS = 16_384;

    static final String NOT_AN_OBJECT = "row is not a JSON object";

    /** The reader of the file's form: {@link JsonArrayRows} or {@link JsonLineRows}. */
    private final RecordReader rows;

    private JsonRecordReader(RecordReader rows) {
        this.rows = rows;
    }

    /**
     * Opens {@code file}, reading it once through to collect the header.
     *
     * @param jsonLines true for JSON Lines, false for one JSON array of objects
     * @throws MalformedInputException when the header cannot be collected: invalid JSON in an array, a file that is
     *                                 not UTF-8, more than {@value #MAX_KEYS} distinct keys
     */
    public static JsonRecordReader open(Path file, boolean jsonLines) throws IOException {
        return open(file, jsonLines, false);
    }

    /**
     * As {@link #open(Path, boolean)}; with {@code nestedPaths}, nested values become fields named by their paths
     * ({@code address.city}, {@code items[0].id}) instead of failing their rows.
     */
    public static JsonRecordReader open(Path file, boolean jsonLines, boolean nestedPaths) throws IOException {
        return open(UploadSource.of(file), jsonLines, nestedPaths);
    }

    /** As {@link #open(Path, boolean, boolean)}, for an upload opened afresh for each of its two reads. */
    public static JsonRecordReader open(UploadSource file, boolean jsonLines, boolean nestedPaths) throws IOException {
        List<String> header =
                jsonLines ? JsonHeaderKeys.ofLines(file, nestedPaths) : JsonHeaderKeys.ofArray(file, nestedPaths);
        return reading(file, jsonLines, header, nestedPaths);
    }

    /**
     * JSON Lines opened to read on after {@code from}: the header is still collected from the whole upload (it is
     * the union of all rows' keys), then the rows are read from {@code from}'s offset on, numbered on from its row.
     * A JSON array has no such points (its elements cannot be read on their own): resume it by skipping rows.
     */
    public static JsonRecordReader openLines(UploadSource file, boolean nestedPaths, ResumePoint from)
            throws IOException {
        List<String> header = JsonHeaderKeys.ofLines(file, nestedPaths);
        JsonObjectRow objects = new JsonObjectRow(header, nestedPaths);
        ReplacingUtf8Reader text = Utf8Files.reader(file, ReplacingUtf8Reader.LineBreaks.LF, from.offset());
        try {
            return new JsonRecordReader(new JsonLineRows(text, objects, from.row()));
        } catch (RuntimeException e) {
            text.close();
            throw e;
        }
    }

    /** Counts the rows of {@code file} without keeping any of them (JSON Lines: its non-blank lines). */
    public static long countRows(Path file, boolean jsonLines) throws IOException {
        return countRows(UploadSource.of(file), jsonLines);
    }

    /** As {@link #countRows(Path, boolean)}, for an upload in any store; JSON Lines on the raw bytes. */
    public static long countRows(UploadSource file, boolean jsonLines) throws IOException {
        return jsonLines ? JsonLineCounter.count(file) : countByParsing(file, false);
    }

    /** Counts the rows by reading them (JSON Lines: by reading its lines, without parsing them). */
    static long countByParsing(UploadSource file, boolean jsonLines) throws IOException {
        try (JsonRecordReader counting = reading(file, jsonLines, List.of(), false)) {
            return counting.skip(Long.MAX_VALUE);
        }
    }

    /** Opens {@code file} for its rows, given its header. */
    private static JsonRecordReader reading(
            UploadSource file, boolean jsonLines, List<String> header, boolean nestedPaths) throws IOException {
        JsonObjectRow objects = new JsonObjectRow(header, nestedPaths);
        ReplacingUtf8Reader text = Utf8Files.reader(
                file, jsonLines ? ReplacingUtf8Reader.LineBreaks.LF : ReplacingUtf8Reader.LineBreaks.NONE);
        try {
            RecordReader rows = jsonLines ? new JsonLineRows(text, objects) : JsonArrayRows.open(text, objects);
            return new JsonRecordReader(rows);
        } catch (IOException | RuntimeException e) {
            text.close();
            throw e;
        }
    }

    @Override
    public List<String> header() {
        return rows.header();
    }

    @Override
    public SourceRow next() throws IOException {
        return rows.next();
    }

    /** JSON Lines: after each row; a JSON array: never (null). */
    @Override
    public ResumePoint resumePoint() {
        return rows.resumePoint();
    }

    /** Passes over rows without building their values (JSON Lines: without parsing them at all). */
    @Override
    public long skip(long n) throws IOException {
        return rows.skip(n);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
