package dev.mssqlbulk.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.CharacterCodingException;
import java.util.regex.Pattern;

/**
 * How {@link JsonRecordReader} words what goes wrong in a JSON upload: Jackson's parse errors, and bytes that are
 * not UTF-8. Kept apart from the reading so that the first pass over the file and both forms of reading rows word
 * the same failure the same way.
 */
final class JsonErrors {

    private static final Pattern SOURCE_IN_MESSAGE =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");

    private JsonErrors() {}

    /** {@code row}, rejected for its bad bytes when it has any (the values stay as decoded). */
    static SourceRow withBadBytes(SourceRow row, ReplacingUtf8Reader.Malformed malformed) {
        return malformed == null ? row : new SourceRow(row.rowNumber(), row.values(), malformed.rowRejection());
    }

    /**
     * Invalid JSON in an array, which ends the file. When bytes that are not UTF-8 stand at or before the error,
     * they are its likely cause and the message says so: outside a string, their U+FFFD is not JSON.
     */
    static MalformedInputException malformed(long at, JsonProcessingException e, ReplacingUtf8Reader text) {
        ReplacingUtf8Reader.Malformed bad = badBytesBefore(e, text);
        if (bad != null) {
            return new MalformedInputException(
                    at,
                    "the file is not valid UTF-8 in data row " + at + ": "
                            + bad.describe()
                            + " cannot be decoded, and they stand outside a JSON string, where they break "
                            + "the array's structure, so no row after them can be read safely",
                    e);
        }
        return new MalformedInputException(at, "malformed JSON in data row " + at + ": " + describe(e, true), e);
    }

    /** Invalid JSON before the array's first token: as {@link #malformed}, for the start of the file. */
    static MalformedInputException malformedStart(JsonProcessingException e, ReplacingUtf8Reader text) {
        ReplacingUtf8Reader.Malformed bad = badBytesBefore(e, text);
        return new MalformedInputException(
                0,
                bad != null
                        ? "the file is not valid UTF-8 at its start: " + bad.describe() + " cannot be decoded"
                        : "malformed JSON at the start of the file: " + describe(e, true),
                e);
    }

    /** The bad bytes not yet claimed by a row that stand at or before the parse error, or null. */
    private static ReplacingUtf8Reader.Malformed badBytesBefore(JsonProcessingException e, ReplacingUtf8Reader text) {
        ReplacingUtf8Reader.Malformed bad = text.peek();
        JsonLocation location = e.getLocation();
        boolean before = bad != null
                && (location == null || location.getCharOffset() < 0 || bad.charOffset() <= location.getCharOffset());
        return before ? bad : null;
    }

    /** The file cannot be decoded from here on (too many bad bytes to go on replacing them). */
    static MalformedInputException notUtf8(long at, CharacterCodingException e) {
        return new MalformedInputException(
                at,
                "the file is not valid UTF-8 (detected while reading "
                        + (at == 0 ? "the start of the file" : "data row " + at) + "): " + e.getMessage(),
                e);
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
