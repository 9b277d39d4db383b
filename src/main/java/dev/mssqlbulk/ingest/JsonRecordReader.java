package dev.mssqlbulk.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 * <p>Opened with nested paths (for an upload through a transformation, whose fields may address nested values),
 * nested objects and arrays are not refused but flattened: the header holds the paths of their scalar values,
 * {@code address.city} for a member, {@code items[0].id} for an element.
 */
public final class JsonRecordReader implements RecordReader {

    /** Bounds the header, as a CSV record's field count is bounded. */
    static final int MAX_KEYS = 16_384;

    static final String NOT_AN_OBJECT = "row is not a JSON object";

    private static final JsonFactory ARRAY_JSON = new JsonFactory();
    /** Each line's parser reads the one shared {@link LineReader}, which must outlive it. */
    private static final JsonFactory LINE_JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    private static final Pattern SOURCE_IN_MESSAGE =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");

    private final List<String> header;
    private final Map<String, Integer> columns;
    private final String[] noValues;
    /** Array form: the parser of the whole file, positioned inside the array; null for JSON Lines. */
    private final JsonParser array;
    /** JSON Lines: the file line by line; null for the array form. */
    private final LineReader lines;
    /** The decoded file, which knows where bytes that are not UTF-8 were replaced. */
    private final ReplacingUtf8Reader text;
    /** Whether nested values are read as dotted and indexed paths rather than refused. */
    private final boolean nestedPaths;
    private boolean ended;
    private long rowNumber;

    private JsonRecordReader(List<String> header, JsonParser array, LineReader lines, ReplacingUtf8Reader text,
                             boolean nestedPaths) {
        this.nestedPaths = nestedPaths;
        this.header = List.copyOf(header);
        this.columns = new HashMap<>();
        for (int i = 0; i < this.header.size(); i++) {
            columns.put(this.header.get(i), i);
        }
        this.noValues = new String[this.header.size()];
        Arrays.fill(noValues, "");
        this.array = array;
        this.lines = lines;
        this.text = text;
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
        return reading(file, jsonLines, jsonLines ? linesKeys(file, nestedPaths) : arrayKeys(file, nestedPaths),
                nestedPaths);
    }

    /** Counts the rows of {@code file} without keeping any of them (JSON Lines: its non-blank lines). */
    public static long countRows(Path file, boolean jsonLines) throws IOException {
        try (JsonRecordReader counting = reading(file, jsonLines, List.of(), false)) {
            return counting.skip(Long.MAX_VALUE);
        }
    }

    /** Opens {@code file} for its rows, given its header. */
    private static JsonRecordReader reading(Path file, boolean jsonLines, List<String> header, boolean nestedPaths)
            throws IOException {
        ReplacingUtf8Reader reader = Utf8Files.reader(file, jsonLines
                ? ReplacingUtf8Reader.LineBreaks.LF : ReplacingUtf8Reader.LineBreaks.NONE);
        try {
            if (jsonLines) {
                return new JsonRecordReader(header, null, new LineReader(reader), reader, nestedPaths);
            }
            JsonParser parser = ARRAY_JSON.createParser(reader);
            JsonRecordReader opened = new JsonRecordReader(header, parser, null, reader, nestedPaths);
            opened.ended = !enterArray(parser, reader);
            return opened;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public SourceRow next() throws IOException {
        return array != null ? nextInArray() : nextLine();
    }

    /** Passes over rows without building their values (JSON Lines: without parsing them at all). */
    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        if (array != null) {
            while (skipped < n && !ended) {
                long at = rowNumber + 1;
                try {
                    if (arrayElement(at) == null) {
                        break;
                    }
                    rowNumber = at;
                    endElement(array);
                    text.takeBefore(array.currentLocation().getCharOffset());
                } catch (CharacterCodingException e) {
                    throw notUtf8(at, e);
                } catch (JsonProcessingException e) {
                    throw malformed(at, e, text);
                }
                skipped++;
            }
        } else {
            try {
                while (skipped < n && lines.nextLine()) {
                    if (!lines.restIsBlank()) {
                        rowNumber++;
                        skipped++;
                    }
                    text.takeThroughLine(lines.lineNumber());
                }
            } catch (CharacterCodingException e) {
                throw notUtf8(rowNumber + 1, e);
            }
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        if (array != null) {
            array.close();
        } else {
            lines.close();
        }
    }

    private SourceRow nextInArray() throws IOException {
        if (ended) {
            return null;
        }
        long at = rowNumber + 1;
        try {
            JsonToken token = arrayElement(at);
            if (token == null) {
                return null;
            }
            rowNumber = at;
            SourceRow row;
            if (token != JsonToken.START_OBJECT) {
                endElement(array);
                row = new SourceRow(at, noValues.clone(), NOT_AN_OBJECT);
            } else {
                row = readObject(array, at);
            }
            return withBadBytes(row, text.takeBefore(array.currentLocation().getCharOffset()));
        } catch (CharacterCodingException e) {
            throw notUtf8(at, e);
        } catch (JsonProcessingException e) {
            throw malformed(at, e, text);
        }
    }

    /** Moves past the element whose first token {@code parser} is on, so that all its text has been read. */
    private static void endElement(JsonParser parser) throws IOException {
        parser.skipChildren();
        parser.finishToken(); // a string is otherwise read only when asked for
    }

    /** {@code row}, rejected for its bad bytes when it has any (the values stay as decoded). */
    private static SourceRow withBadBytes(SourceRow row, ReplacingUtf8Reader.Malformed malformed) {
        return malformed == null ? row : new SourceRow(row.rowNumber(), row.values(), malformed.rowRejection());
    }

    /** The first token of the array's next element; null, with {@link #ended} set, after the array's end. */
    private JsonToken arrayElement(long at) throws IOException {
        JsonToken token = array.nextToken();
        if (token == JsonToken.END_ARRAY) {
            ended = true;
            if (array.nextToken() != null) {
                throw new MalformedInputException(at, "malformed JSON after the end of the array: "
                        + "the file must hold a single array", null);
            }
            return null;
        }
        if (token == null) { // Jackson reports an unclosed array itself; this is a safeguard
            throw new MalformedInputException(at, "malformed JSON in data row " + at + ": the array is not closed", null);
        }
        return token;
    }

    private SourceRow nextLine() throws IOException {
        try {
            while (lines.nextLine()) {
                SourceRow row = parseLine(rowNumber + 1);
                if (row != null) {
                    rowNumber = row.rowNumber();
                    lines.finishLine(); // all of the line decoded: its bad bytes, if any, are known
                    return withBadBytes(row, text.takeThroughLine(lines.lineNumber()));
                }
            }
            return null;
        } catch (CharacterCodingException e) {
            throw notUtf8(rowNumber + 1, e);
        }
    }

    /** The current line as data row {@code at}; null for a blank line. */
    private SourceRow parseLine(long at) throws IOException {
        try (JsonParser parser = LINE_JSON.createParser(lines)) {
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (JsonProcessingException e) {
                return new SourceRow(at, noValues.clone(), "malformed JSON: " + describe(e, false));
            }
            if (token == null) {
                return null;
            }
            try {
                if (token != JsonToken.START_OBJECT) {
                    return new SourceRow(at, noValues.clone(), NOT_AN_OBJECT);
                }
                SourceRow row = readObject(parser, at);
                if (parser.nextToken() != null) {
                    return new SourceRow(at, row.values(), "the line holds more than one JSON value");
                }
                return row;
            } catch (JsonProcessingException e) {
                return new SourceRow(at, noValues.clone(), "malformed JSON: " + describe(e, false));
            }
        }
    }

    /** Reads the fields of the object whose START_OBJECT {@code parser} is on, up to its END_OBJECT. */
    private SourceRow readObject(JsonParser parser, long at) throws IOException {
        String[] values = new String[header.size()];
        String rejection = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String problem = readValue(parser, key, parser.nextToken(), values);
            if (rejection == null) {
                rejection = problem;
            }
        }
        if (token != JsonToken.END_OBJECT) { // Jackson reports a broken object itself; this is a safeguard
            throw new MalformedInputException(at, "malformed JSON in data row " + at + ": unexpected " + token, null);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                values[i] = "";
            }
        }
        return new SourceRow(at, values, rejection);
    }

    /**
     * Stores the value {@code parser} is on at {@code path} (with nested paths, each scalar inside it at its own
     * path), past its end.
     *
     * @return why the row cannot be written, or null
     */
    private String readValue(JsonParser parser, String path, JsonToken value, String[] values) throws IOException {
        if (nestedPaths && value == JsonToken.START_OBJECT) {
            String problem = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String inner = readValue(parser, path + "." + parser.currentName(), parser.nextToken(), values);
                problem = problem == null ? inner : problem;
            }
            return problem;
        }
        if (nestedPaths && value == JsonToken.START_ARRAY) {
            String problem = null;
            JsonToken element;
            for (int i = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
                String inner = readValue(parser, path + "[" + i + "]", element, values);
                problem = problem == null ? inner : problem;
            }
            return problem;
        }
        Integer column = columns.get(path);
        String problem = null;
        if (column == null) { // only when the file changed since the header was read
            problem = "key '" + path + "' was not found when the header was read";
        } else if (values[column] != null) {
            problem = "key '" + path + "' appears twice in the object";
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            problem = "column '" + path + "': nested " + (value == JsonToken.START_OBJECT ? "objects" : "arrays")
                    + " are not supported";
            values[column] = "";
        } else {
            values[column] = text(value, parser);
        }
        if (problem != null) {
            parser.skipChildren();
        }
        return problem;
    }

    private static String text(JsonToken value, JsonParser parser) throws IOException {
        return switch (value) {
            case VALUE_NULL -> "";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> parser.getText(); // strings, and numbers exactly as written
        };
    }

    /**
     * Moves {@code parser} into the top-level array.
     *
     * @return false for a file with no JSON value at all (empty or blank)
     */
    private static boolean enterArray(JsonParser parser, ReplacingUtf8Reader text) throws IOException {
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (CharacterCodingException e) {
            throw notUtf8(0, e);
        } catch (JsonProcessingException e) {
            ReplacingUtf8Reader.Malformed bad = badBytesBefore(e, text);
            throw new MalformedInputException(0, bad != null
                    ? "the file is not valid UTF-8 at its start: " + bad.describe() + " cannot be decoded"
                    : "malformed JSON at the start of the file: " + describe(e, true), e);
        }
        if (first == null) {
            return false;
        }
        if (first != JsonToken.START_ARRAY) {
            throw new MalformedInputException(0, "a JSON upload must be an array of objects, or JSON Lines with "
                    + "one object per line; this file holds "
                    + (first == JsonToken.START_OBJECT ? "an object" : "a single value") + " instead of an array", null);
        }
        return true;
    }

    /** The header of an array: the keys of its objects, with their values skipped. */
    private static List<String> arrayKeys(Path file, boolean nestedPaths) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        List<String> addedByElement = new ArrayList<>();
        ReplacingUtf8Reader text = Utf8Files.reader(file, ReplacingUtf8Reader.LineBreaks.NONE);
        try (JsonParser parser = ARRAY_JSON.createParser(text)) {
            if (!enterArray(parser, text)) {
                return List.of();
            }
            long at = 1;
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    addedByElement.clear();
                    if (token == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            collectKeys(parser, parser.currentName(), parser.nextToken(), nestedPaths, keys, at,
                                    addedByElement);
                        }
                    } else {
                        endElement(parser);
                    }
                    if (text.takeBefore(parser.currentLocation().getCharOffset()) != null) {
                        addedByElement.forEach(keys::remove); // the row will be rejected: its keys may be garbled
                    }
                    at++;
                }
                if (parser.nextToken() != null) {
                    throw new MalformedInputException(at, "malformed JSON after the end of the array: "
                            + "the file must hold a single array", null);
                }
            } catch (CharacterCodingException e) {
                throw notUtf8(at, e);
            } catch (JsonProcessingException e) {
                throw malformed(at, e, text);
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The header of JSON Lines: the keys of the lines that are whole JSON objects. A line that is not valid JSON
     * adds none: it will be rejected as a row.
     */
    private static List<String> linesKeys(Path file, boolean nestedPaths) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        List<String> addedByLine = new ArrayList<>();
        long at = 1;
        ReplacingUtf8Reader text = Utf8Files.reader(file, ReplacingUtf8Reader.LineBreaks.LF);
        try (LineReader lines = new LineReader(text)) {
            while (lines.nextLine()) {
                addedByLine.clear();
                try (JsonParser parser = LINE_JSON.createParser(lines)) {
                    JsonToken token = parser.nextToken();
                    if (token == null) {
                        continue;
                    }
                    if (token == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            collectKeys(parser, parser.currentName(), parser.nextToken(), nestedPaths, keys, at,
                                    addedByLine);
                        }
                    }
                } catch (JsonProcessingException e) {
                    addedByLine.forEach(keys::remove);
                }
                lines.finishLine();
                if (text.takeThroughLine(lines.lineNumber()) != null) {
                    addedByLine.forEach(keys::remove); // the row will be rejected: its keys may be garbled
                }
                at++;
            }
        } catch (CharacterCodingException e) {
            throw notUtf8(at, e);
        }
        return List.copyOf(keys);
    }

    /**
     * Adds the key of the value {@code parser} is on to the header being collected (with nested paths, the path of
     * each scalar inside it), and moves past the value.
     *
     * @param added collects the keys that were new, or null
     */
    private static void collectKeys(JsonParser parser, String path, JsonToken value, boolean nestedPaths,
                                    Set<String> keys, long at, List<String> added) throws IOException {
        if (nestedPaths && value == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                collectKeys(parser, path + "." + parser.currentName(), parser.nextToken(), true, keys, at, added);
            }
            return;
        }
        if (nestedPaths && value == JsonToken.START_ARRAY) {
            JsonToken element;
            for (int i = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
                collectKeys(parser, path + "[" + i + "]", element, true, keys, at, added);
            }
            return;
        }
        if (addKey(keys, path, at) && added != null) {
            added.add(path);
        }
        parser.skipChildren();
    }

    /** Adds {@code key} to the header being collected; true if it is new. */
    private static boolean addKey(Set<String> keys, String key, long at) {
        if (!keys.add(key)) {
            return false;
        }
        if (keys.size() > MAX_KEYS) {
            throw new MalformedInputException(at, "the JSON objects have more than " + MAX_KEYS
                    + " distinct keys (detected at data row " + at + ")", null);
        }
        return true;
    }

    /**
     * Invalid JSON in an array, which ends the file. When bytes that are not UTF-8 stand at or before the error,
     * they are its likely cause and the message says so: outside a string, their U+FFFD is not JSON.
     */
    private static MalformedInputException malformed(long at, JsonProcessingException e, ReplacingUtf8Reader text) {
        ReplacingUtf8Reader.Malformed bad = badBytesBefore(e, text);
        if (bad != null) {
            return new MalformedInputException(at, "the file is not valid UTF-8 in data row " + at + ": "
                    + bad.describe() + " cannot be decoded, and they stand outside a JSON string, where they break "
                    + "the array's structure, so no row after them can be read safely", e);
        }
        return new MalformedInputException(at, "malformed JSON in data row " + at + ": " + describe(e, true), e);
    }

    /** The bad bytes not yet claimed by a row that stand at or before the parse error, or null. */
    private static ReplacingUtf8Reader.Malformed badBytesBefore(JsonProcessingException e, ReplacingUtf8Reader text) {
        ReplacingUtf8Reader.Malformed bad = text.peek();
        JsonLocation location = e.getLocation();
        boolean before = bad != null && (location == null || location.getCharOffset() < 0
                || bad.charOffset() <= location.getCharOffset());
        return before ? bad : null;
    }

    private static MalformedInputException notUtf8(long at, CharacterCodingException e) {
        return new MalformedInputException(at, "the file is not valid UTF-8 (detected while reading "
                + (at == 0 ? "the start of the file" : "data row " + at) + "): " + e.getMessage(), e);
    }

    /** Jackson's message without its source description, with where in the file (or line) the problem is. */
    static String describe(JsonProcessingException e, boolean withLine) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        message = SOURCE_IN_MESSAGE.matcher(message).replaceAll("line $1, column $2");
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += withLine
                    ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"
                    : " (column " + location.getColumnNr() + ")";
        }
        return message;
    }
}
