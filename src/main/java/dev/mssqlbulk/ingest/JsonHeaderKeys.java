package dev.mssqlbulk.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The first pass of {@link JsonRecordReader} over a JSON upload: the header, which must be known before the first
 * row, is the union of the objects' keys in order of first appearance (with nested paths, the paths of their
 * scalar values). Values are skipped, not built. Keys of a row that will be rejected for bytes that are not UTF-8,
 * or of a JSON line that is not valid JSON, are left out, as they may be garbled.
 */
final class JsonHeaderKeys {

    private JsonHeaderKeys() {}

    /** The header of an array: the keys of its objects, with their values skipped. */
    static List<String> ofArray(UploadSource file, boolean nestedPaths) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        List<String> addedByElement = new ArrayList<>();
        ReplacingUtf8Reader text = Utf8Files.reader(file, ReplacingUtf8Reader.LineBreaks.NONE);
        try (JsonParser parser = JsonArrayRows.ARRAY_JSON.createParser(text)) {
            if (!JsonArrayRows.enterArray(parser, text)) {
                return List.of();
            }
            long at = 1;
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    addedByElement.clear();
                    if (token == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            collectKeys(
                                    parser,
                                    parser.currentName(),
                                    parser.nextToken(),
                                    nestedPaths,
                                    keys,
                                    at,
                                    addedByElement);
                        }
                    } else {
                        JsonArrayRows.endElement(parser);
                    }
                    if (text.takeBefore(parser.currentLocation().getCharOffset()) != null) {
                        addedByElement.forEach(keys::remove); // the row will be rejected: its keys may be garbled
                    }
                    at++;
                }
                if (parser.nextToken() != null) {
                    throw new MalformedInputException(
                            at,
                            "malformed JSON after the end of the array: " + "the file must hold a single array",
                            null);
                }
            } catch (CharacterCodingException e) {
                throw JsonErrors.notUtf8(at, e);
            } catch (JsonProcessingException e) {
                throw JsonErrors.malformed(at, e, text);
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The header of JSON Lines: the keys of the lines that are whole JSON objects. A line that is not valid JSON
     * adds none: it will be rejected as a row.
     */
    static List<String> ofLines(UploadSource file, boolean nestedPaths) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        List<String> addedByLine = new ArrayList<>();
        long at = 1;
        ReplacingUtf8Reader text = Utf8Files.reader(file, ReplacingUtf8Reader.LineBreaks.LF);
        try (LineReader lines = new LineReader(text)) {
            while (lines.nextLine()) {
                addedByLine.clear();
                try (JsonParser parser = JsonLineRows.LINE_JSON.createParser(lines)) {
                    JsonToken token = parser.nextToken();
                    if (token == null) {
                        continue;
                    }
                    if (token == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            collectKeys(
                                    parser,
                                    parser.currentName(),
                                    parser.nextToken(),
                                    nestedPaths,
                                    keys,
                                    at,
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
            throw JsonErrors.notUtf8(at, e);
        }
        return List.copyOf(keys);
    }

    /**
     * Adds the key of the value {@code parser} is on to the header being collected (with nested paths, the path of
     * each scalar inside it), and moves past the value.
     *
     * @param added collects the keys that were new, or null
     */
    private static void collectKeys(
            JsonParser parser,
            String path,
            JsonToken value,
            boolean nestedPaths,
            Set<String> keys,
            long at,
            List<String> added)
            throws IOException {
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
        if (keys.size() > JsonRecordReader.MAX_KEYS) {
            throw new MalformedInputException(
                    at,
                    "the JSON objects have more than " + JsonRecordReader.MAX_KEYS
                            + " distinct keys (detected at data row " + at + ")",
                    null);
        }
        return true;
    }
}
