package dev.mssqlbulk.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;

/**
 * The rows of a JSON upload that is one array of objects, for {@link JsonRecordReader}: one parser over the whole
 * file, element by element. As the array's structure past invalid JSON cannot be trusted, invalid JSON ends the
 * file here ({@link MalformedInputException}), unlike in JSON Lines. Bytes that are not UTF-8 reject the element
 * whose text spans them, matched by the parser's character offset.
 */
final class JsonArrayRows implements RecordReader {

    static final JsonFactory ARRAY_JSON = new JsonFactory();

    private final JsonObjectRow objects;
    /** The parser of the whole file, positioned inside the array. */
    private final JsonParser array;
    /** The decoded file, which knows where bytes that are not UTF-8 were replaced. */
    private final ReplacingUtf8Reader text;

    private boolean ended;
    private long rowNumber;

    private JsonArrayRows(JsonObjectRow objects, JsonParser array, ReplacingUtf8Reader text) {
        this.objects = objects;
        this.array = array;
        this.text = text;
    }

    /** Reads {@code text}, which this then owns, from its start; the caller closes {@code text} if this throws. */
    static JsonArrayRows open(ReplacingUtf8Reader text, JsonObjectRow objects) throws IOException {
        JsonParser parser = ARRAY_JSON.createParser(text);
        JsonArrayRows opened = new JsonArrayRows(objects, parser, text);
        opened.ended = !enterArray(parser, text);
        return opened;
    }

    /**
     * Moves {@code parser} into the top-level array.
     *
     * @return false for a file with no JSON value at all (empty or blank)
     */
    static boolean enterArray(JsonParser parser, ReplacingUtf8Reader text) throws IOException {
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (CharacterCodingException e) {
            throw JsonErrors.notUtf8(0, e);
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformedStart(e, text);
        }
        if (first == null) {
            return false;
        }
        if (first != JsonToken.START_ARRAY) {
            throw new MalformedInputException(
                    0,
                    "a JSON upload must be an array of objects, or JSON Lines with "
                            + "one object per line; this file holds "
                            + (first == JsonToken.START_OBJECT ? "an object" : "a single value")
                            + " instead of an array",
                    null);
        }
        return true;
    }

    /** Moves past the element whose first token {@code parser} is on, so that all its text has been read. */
    static void endElement(JsonParser parser) throws IOException {
        parser.skipChildren();
        parser.finishToken(); // a string is otherwise read only when asked for
    }

    @Override
    public List<String> header() {
        return objects.header();
    }

    @Override
    public SourceRow next() throws IOException {
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
                row = objects.rejected(at, JsonRecordReader.NOT_AN_OBJECT);
            } else {
                row = objects.read(array, at);
            }
            return JsonErrors.withBadBytes(
                    row, text.takeBefore(array.currentLocation().getCharOffset()));
        } catch (CharacterCodingException e) {
            throw JsonErrors.notUtf8(at, e);
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(at, e, text);
        }
    }

    /** Passes over elements without building their values. */
    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
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
                throw JsonErrors.notUtf8(at, e);
            } catch (JsonProcessingException e) {
                throw JsonErrors.malformed(at, e, text);
            }
            skipped++;
        }
        return skipped;
    }

    /** Closes the parser, and with it the file. */
    @Override
    public void close() throws IOException {
        array.close();
    }

    /** The first token of the array's next element; null, with {@link #ended} set, after the array's end. */
    private JsonToken arrayElement(long at) throws IOException {
        JsonToken token = array.nextToken();
        if (token == JsonToken.END_ARRAY) {
            ended = true;
            if (array.nextToken() != null) {
                throw new MalformedInputException(
                        at, "malformed JSON after the end of the array: " + "the file must hold a single array", null);
            }
            return null;
        }
        if (token == null) { // Jackson reports an unclosed array itself; this is a safeguard
            throw new MalformedInputException(
                    at, "malformed JSON in data row " + at + ": the array is not closed", null);
        }
        return token;
    }
}
