package dev.mssqlbulk.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;

/**
 * The rows of a JSON Lines upload, for {@link JsonRecordReader}: a parser of its own for each line, reading it
 * through the one {@link LineReader}. As each line stands alone, a line that is not valid JSON only rejects its own
 * row and the reading goes on; blank lines are skipped and not counted. Bytes that are not UTF-8 reject the row of
 * the line that holds them.
 */
final class JsonLineRows implements RecordReader {

    /** Each line's parser reads the one shared {@link LineReader}, which must outlive it. */
    static final JsonFactory LINE_JSON =
            JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    private final JsonObjectRow objects;
    /** The file line by line. */
    private final LineReader lines;
    /** The decoded file, which knows where bytes that are not UTF-8 were replaced. */
    private final ReplacingUtf8Reader text;

    /** Where each line of the bytes read starts, for {@link #resumePoint}. */
    private final LineStarts lineStarts;

    private long rowNumber;
    /** Where the record after the last one read starts, or {@link LineStarts#UNKNOWN}. */
    private long nextStart = LineStarts.UNKNOWN;

    /** Reads {@code text}, which this then owns, from its start. */
    JsonLineRows(ReplacingUtf8Reader text, JsonObjectRow objects) {
        this(text, objects, 0);
    }

    /** Reads {@code text}, which this then owns, from after data row {@code rowNumber} (a resume point's offset). */
    JsonLineRows(ReplacingUtf8Reader text, JsonObjectRow objects, long rowNumber) {
        this.objects = objects;
        this.lines = new LineReader(text);
        this.text = text;
        this.lineStarts = text.lineStarts();
        this.rowNumber = rowNumber;
    }

    @Override
    public List<String> header() {
        return objects.header();
    }

    @Override
    public SourceRow next() throws IOException {
        try {
            while (lines.nextLine()) {
                SourceRow row = parseLine(rowNumber + 1);
                if (row != null) {
                    rowNumber = row.rowNumber();
                    lines.finishLine(); // all of the line decoded: its bad bytes, if any, are known
                    passedRow();
                    return JsonErrors.withBadBytes(row, text.takeThroughLine(lines.lineNumber()));
                }
            }
            return null;
        } catch (CharacterCodingException e) {
            throw JsonErrors.notUtf8(rowNumber + 1, e);
        }
    }

    /** Passes over non-blank lines without parsing them at all. */
    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        try {
            while (skipped < n && lines.nextLine()) {
                if (!lines.restIsBlank()) {
                    rowNumber++;
                    skipped++;
                    passedRow();
                }
                text.takeThroughLine(lines.lineNumber());
            }
        } catch (CharacterCodingException e) {
            throw JsonErrors.notUtf8(rowNumber + 1, e);
        }
        return skipped;
    }

    /** Known after every row as long as the start of the line after it is still kept (see {@link LineStarts}). */
    @Override
    public ResumePoint resumePoint() {
        return nextStart == LineStarts.UNKNOWN ? null : new ResumePoint(rowNumber, nextStart);
    }

    /** The row on the current line, now read to its end, is the last one read: reading can resume after it. */
    private void passedRow() {
        nextStart = lineStarts == null ? LineStarts.UNKNOWN : lineStarts.startOf(lines.lineNumber() + 1);
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        lines.close();
    }

    /** The current line as data row {@code at}; null for a blank line. */
    private SourceRow parseLine(long at) throws IOException {
        try (JsonParser parser = LINE_JSON.createParser(lines)) {
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (JsonProcessingException e) {
                return objects.rejected(at, "malformed JSON: " + JsonErrors.describe(e, false));
            }
            if (token == null) {
                return null;
            }
            try {
                if (token != JsonToken.START_OBJECT) {
                    return objects.rejected(at, JsonRecordReader.NOT_AN_OBJECT);
                }
                SourceRow row = objects.read(parser, at);
                if (parser.nextToken() != null) {
                    return new SourceRow(at, row.values(), "the line holds more than one JSON value");
                }
                return row;
            } catch (JsonProcessingException e) {
                return objects.rejected(at, "malformed JSON: " + JsonErrors.describe(e, false));
            }
        }
    }
}
