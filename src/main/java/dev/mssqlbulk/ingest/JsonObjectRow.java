package dev.mssqlbulk.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON object into a row whose values are in header order, for both forms of a JSON upload. It is where
 * a value's text is decided (a string's text, a number's text exactly as written, {@code "true"}/{@code "false"},
 * {@code ""} for {@code null} or a missing key) and where an object is rejected for a key given twice or, without
 * nested paths, for a nested value; with nested paths, nested values are stored under their paths
 * ({@code address.city}, {@code items[0].id}).
 */
final class JsonObjectRow {

    private final List<String> header;
    private final Map<String, Integer> columns;
    private final String[] noValues;
    /** Whether nested values are read as dotted and indexed paths rather than refused. */
    private final boolean nestedPaths;

    JsonObjectRow(List<String> header, boolean nestedPaths) {
        this.nestedPaths = nestedPaths;
        this.header = List.copyOf(header);
        this.columns = new HashMap<>();
        for (int i = 0; i < this.header.size(); i++) {
            columns.put(this.header.get(i), i);
        }
        this.noValues = new String[this.header.size()];
        Arrays.fill(noValues, "");
    }

    List<String> header() {
        return header;
    }

    /** Row {@code at} with all its values empty, rejected for {@code rejection}: for what is not an object. */
    SourceRow rejected(long at, String rejection) {
        return new SourceRow(at, noValues.clone(), rejection);
    }

    /** Reads the fields of the object whose START_OBJECT {@code parser} is on, up to its END_OBJECT. */
    SourceRow read(JsonParser parser, long at) throws IOException {
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
}
