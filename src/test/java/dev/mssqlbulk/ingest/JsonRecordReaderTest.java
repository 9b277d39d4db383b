package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRecordReaderTest {

    private static final boolean ARRAY = false;
    private static final boolean LINES = true;

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.write(dir.resolve("upload.json"), content.getBytes(StandardCharsets.UTF_8));
    }

    /** The elements as one array, or as one per line. */
    private Path json(boolean jsonLines, String... elements) throws IOException {
        return file(jsonLines ? String.join("\n", elements) + "\n" : "[" + String.join(",\n", elements) + "]");
    }

    private static List<SourceRow> readAll(RecordReader reader) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        for (SourceRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    private List<SourceRow> readAll(Path file, boolean jsonLines) throws IOException {
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            return readAll(reader);
        }
    }

    private static List<String> rejections(List<SourceRow> rows) {
        return rows.stream().map(SourceRow::rejection).toList();
    }

    // --- header ---

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void headerIsTheUnionOfAllKeysInOrderOfFirstAppearance(boolean jsonLines) throws IOException {
        Path file = json(jsonLines, "{\"b\":1,\"a\":2}", "{\"c\":3,\"a\":4}", "{}", "{\"d\":null}");
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            assertEquals(List.of("b", "a", "c", "d"), reader.header());
            List<SourceRow> rows = readAll(reader);
            assertArrayEquals(new String[] {"1", "2", "", ""}, rows.get(0).values());
            assertArrayEquals(new String[] {"", "4", "3", ""}, rows.get(1).values());
            assertArrayEquals(new String[] {"", "", "", ""}, rows.get(2).values());
            assertArrayEquals(new String[] {"", "", "", ""}, rows.get(3).values());
            assertEquals(
                    List.of(1L, 2L, 3L, 4L),
                    rows.stream().map(SourceRow::rowNumber).toList());
            assertTrue(rows.stream().allMatch(row -> row.rejection() == null));
        }
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void keepsKeysExactlyAsGivenSoKeysDifferingInCaseAreTwoNames(boolean jsonLines) throws IOException {
        try (RecordReader reader = JsonRecordReader.open(
                json(jsonLines, "{\"Name\":\"x\"}", "{\"name\":\"y\", \" name \":\"z\"}"), jsonLines)) {
            assertEquals(List.of("Name", "name", " name "), reader.header());
        }
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void takesKeysOfObjectsWhoseValuesAreNestedIntoTheHeader(boolean jsonLines) throws IOException {
        try (RecordReader reader =
                JsonRecordReader.open(json(jsonLines, "{\"id\":1,\"address\":{\"city\":\"x\"}}"), jsonLines)) {
            assertEquals(List.of("id", "address"), reader.header());
        }
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void refusesMoreDistinctKeysThanTheLimit(boolean jsonLines) throws IOException {
        String[] objects = new String[JsonRecordReader.MAX_KEYS + 1];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = "{\"k" + i + "\":0}";
        }
        Path file = json(jsonLines, objects);
        MalformedInputException e =
                assertThrows(MalformedInputException.class, () -> JsonRecordReader.open(file, jsonLines));
        assertEquals(JsonRecordReader.MAX_KEYS + 1, e.rowNumber());
        assertTrue(e.getMessage().startsWith("the JSON objects have more than 16384 distinct keys"), e.getMessage());
    }

    // --- values ---

    static Stream<Arguments> valueTexts() {
        return Stream.of(
                Arguments.of("\"plain\"", "plain"),
                Arguments.of("\"Jos\u00e9 \uD83D\uDE00\"", "Jos\u00e9 \uD83D\uDE00"),
                Arguments.of("\"\\u00e9\\uD83D\\uDE00\"", "\u00e9\uD83D\uDE00"),
                Arguments.of("\"line\\nbreak\\ttab\"", "line\nbreak\ttab"),
                Arguments.of("\"say \\\"hi\\\" \\\\ \\/\"", "say \"hi\" \\ /"),
                Arguments.of("\"  padded  \"", "  padded  "),
                Arguments.of("\"\"", ""),
                Arguments.of("42", "42"),
                Arguments.of("-7", "-7"),
                Arguments.of("-0", "-0"),
                Arguments.of("123456789012345678901234567890", "123456789012345678901234567890"),
                Arguments.of("1.10", "1.10"),
                Arguments.of("12345678901234567890.123456789", "12345678901234567890.123456789"),
                Arguments.of("1e3", "1e3"),
                Arguments.of("1E+3", "1E+3"),
                Arguments.of("-2.5e-7", "-2.5e-7"),
                Arguments.of("true", "true"),
                Arguments.of("false", "false"),
                Arguments.of("null", ""));
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @MethodSource("valueTexts")
    void givesEachJsonValueItsText(String json, String text) throws IOException {
        for (boolean jsonLines : new boolean[] {ARRAY, LINES}) {
            SourceRow row = readAll(json(jsonLines, "{\"id\":1,\"v\":" + json + "}"), jsonLines)
                    .get(0);
            assertArrayEquals(new String[] {"1", text}, row.values(), "jsonLines=" + jsonLines);
            assertNull(row.rejection());
        }
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void givesAMissingKeyAnEmptyValue(boolean jsonLines) throws IOException {
        List<SourceRow> rows = readAll(json(jsonLines, "{\"a\":\"x\",\"b\":\"y\"}", "{\"b\":\"z\"}"), jsonLines);
        assertArrayEquals(new String[] {"", "z"}, rows.get(1).values());
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void readsAStringLongerThanTheReadBuffers(boolean jsonLines) throws IOException {
        String big = "x".repeat(100_000) + "\u00e9";
        List<SourceRow> rows = readAll(json(jsonLines, "{\"v\":\"" + big + "\"}", "{\"v\":\"after\"}"), jsonLines);
        assertEquals(big, rows.get(0).values()[0]);
        assertEquals("after", rows.get(1).values()[0]);
        assertEquals(2, rows.get(1).rowNumber());
    }

    // --- rows rejected by the reader ---

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void rejectsANestedObjectOrArrayAsARowErrorNamingTheKey(boolean jsonLines) throws IOException {
        List<SourceRow> rows = readAll(
                json(
                        jsonLines,
                        "{\"id\":1,\"address\":{\"city\":\"x\",\"lines\":[1,2]},\"tags\":[\"a\"]}",
                        "{\"id\":2,\"tags\":[]}",
                        "{\"id\":3,\"address\":null}"),
                jsonLines);
        assertEquals(
                Arrays.asList(
                        "column 'address': nested objects are not supported",
                        "column 'tags': nested arrays are not supported",
                        null),
                rejections(rows));
        assertArrayEquals(new String[] {"1", "", ""}, rows.get(0).values());
        assertArrayEquals(new String[] {"3", "", ""}, rows.get(2).values());
        assertEquals(
                List.of(1L, 2L, 3L), rows.stream().map(SourceRow::rowNumber).toList());
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void rejectsAKeyGivenTwiceInOneObject(boolean jsonLines) throws IOException {
        List<SourceRow> rows = readAll(json(jsonLines, "{\"a\":1,\"a\":2}", "{\"a\":3}"), jsonLines);
        assertEquals(Arrays.asList("key 'a' appears twice in the object", null), rejections(rows));
    }

    @Test
    void rejectsArrayElementsThatAreNotObjectsAndKeepsCounting() throws IOException {
        List<SourceRow> rows = readAll(file("[1, {\"a\":1}, \"x\", [1, {\"b\":2}], null, {\"a\":2}]"), ARRAY);
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L, 6L),
                rows.stream().map(SourceRow::rowNumber).toList());
        assertEquals(
                Arrays.asList(
                        JsonRecordReader.NOT_AN_OBJECT,
                        null,
                        JsonRecordReader.NOT_AN_OBJECT,
                        JsonRecordReader.NOT_AN_OBJECT,
                        JsonRecordReader.NOT_AN_OBJECT,
                        null),
                rejections(rows));
        assertArrayEquals(new String[] {"2"}, rows.get(5).values());
    }

    @Test
    void rejectsLinesThatAreNotObjects() throws IOException {
        List<SourceRow> rows = readAll(file("42\n{\"a\":1}\n\"x\"\n[{\"a\":2}]\nnull\n"), LINES);
        assertEquals(
                Arrays.asList(
                        JsonRecordReader.NOT_AN_OBJECT,
                        null,
                        JsonRecordReader.NOT_AN_OBJECT,
                        JsonRecordReader.NOT_AN_OBJECT,
                        JsonRecordReader.NOT_AN_OBJECT),
                rejections(rows));
        assertEquals(5, rows.get(4).rowNumber());
    }

    @Test
    void skipsBlankLinesWithoutCountingThemAndRejectsOnlyTheBadLine() throws IOException {
        Path file = file("\n{\"a\":1}\n\n  \t\r\n{\"a\":\n{\"a\":3,\"b\":4}\r\n\n");
        try (RecordReader reader = JsonRecordReader.open(file, LINES)) {
            assertEquals(List.of("a", "b"), reader.header());
            List<SourceRow> rows = readAll(reader);
            assertEquals(
                    List.of(1L, 2L, 3L), rows.stream().map(SourceRow::rowNumber).toList());
            assertNull(rows.get(0).rejection());
            assertTrue(
                    rows.get(1).rejection().startsWith("malformed JSON: Unexpected end-of-input"),
                    rows.get(1).rejection());
            assertArrayEquals(new String[] {"3", "4"}, rows.get(2).values());
            assertNull(rows.get(2).rejection());
        }
    }

    @Test
    void leavesKeysOfABadLineOutOfTheHeader() throws IOException {
        Path file = file("{\"a\":1}\n{\"zz\":1, }\n{\"a\":2} trailing\n");
        try (RecordReader reader = JsonRecordReader.open(file, LINES)) {
            assertEquals(List.of("a"), reader.header());
            List<SourceRow> rows = readAll(reader);
            assertNull(rows.get(0).rejection());
            assertEquals(
                    "malformed JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start "
                            + "field name (column 10)",
                    rows.get(1).rejection());
            assertTrue(
                    rows.get(2).rejection().startsWith("malformed JSON: Unrecognized token 'trailing'"),
                    rows.get(2).rejection());
        }
    }

    @Test
    void ordersAKeyFirstSeenOnABadLineWhereAGoodLineFirstHasIt() throws IOException {
        try (RecordReader reader = JsonRecordReader.open(file("{\"b\":1,}\n{\"a\":1}\n{\"b\":2}\n"), LINES)) {
            assertEquals(List.of("a", "b"), reader.header());
        }
    }

    @Test
    void rejectsALineHoldingTwoValues() throws IOException {
        List<SourceRow> rows = readAll(file("{\"a\":1} {\"a\":2}\n{\"a\":3}\n"), LINES);
        assertEquals(Arrays.asList("the line holds more than one JSON value", null), rejections(rows));
        assertEquals(2, rows.get(1).rowNumber());
    }

    // --- malformed files ---

    static Stream<Arguments> malformedArrays() {
        return Stream.of(
                Arguments.of(
                        "[{\"a\":1},{\"a\":2} {\"a\":3}]",
                        3L,
                        "was expecting comma to separate Array entries (line 1, column 18)"),
                Arguments.of(
                        "[{\"a\":1},\n{\"a\":",
                        2L,
                        "Unexpected end-of-input within/between Object entries (line 2, column 6)"),
                Arguments.of(
                        "[{\"a\":1},\n{\"a\":1",
                        2L,
                        "Unexpected end-of-input: expected close marker for Object (start marker at line 2, column 1)"),
                Arguments.of(
                        "[{\"a\":1}",
                        2L,
                        "Unexpected end-of-input: expected close marker for Array (start marker at line 1, column 1)"),
                Arguments.of("[{\"a\":1}, {\"a\":01}]", 2L, "Invalid numeric value: Leading zeroes not allowed"),
                Arguments.of("[{\"a\":1},]", 2L, "expected a valid value"),
                Arguments.of("[{\"a\":1}] [{\"a\":2}]", 2L, "the file must hold a single array"),
                Arguments.of("[{\"a\":1}] x", 2L, "Unrecognized token 'x'"),
                Arguments.of("x", 0L, "malformed JSON at the start of the file: Unrecognized token 'x'"),
                Arguments.of("{\"a\":1}", 0L, "this file holds an object instead of an array"),
                Arguments.of("\"text\"", 0L, "this file holds a single value instead of an array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedArrays")
    void reportsAMalformedArrayNamingTheRowBeingRead(String json, long row, String detail) throws IOException {
        Path file = file(json);
        MalformedInputException opening =
                assertThrows(MalformedInputException.class, () -> JsonRecordReader.open(file, ARRAY));
        MalformedInputException counting =
                assertThrows(MalformedInputException.class, () -> JsonRecordReader.countRows(file, ARRAY));
        for (MalformedInputException e : List.of(opening, counting)) {
            assertEquals(row, e.rowNumber(), e.getMessage());
            assertTrue(e.getMessage().contains(detail), e.getMessage());
            assertFalse(e.getMessage().contains("Source:"), e.getMessage());
            if (row > 0) {
                assertTrue(e.getMessage().startsWith("malformed JSON "), e.getMessage());
            }
        }
    }

    @Test
    void namesTheDataRowInTheMessageOfAMalformedArray() throws IOException {
        Path file = file("[{\"a\":1},{\"a\":2} {\"a\":3}]");
        MalformedInputException e =
                assertThrows(MalformedInputException.class, () -> JsonRecordReader.open(file, ARRAY));
        assertTrue(
                e.getMessage().startsWith("malformed JSON in data row 3: Unexpected character ('{' (code 123))"),
                e.getMessage());
    }

    // --- bytes that are not UTF-8 ---

    private static final byte[] FF_FE = {(byte) 0xFF, (byte) 0xFE};

    private Path bytesFile(Object... parts) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) part);
        }
        return Files.write(dir.resolve("bytes.json"), out.toByteArray());
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** In a string value, a bad byte fails only its row, in either form, and the row keeps its decoded values. */
    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void badBytesInAStringRejectOnlyTheirRow(boolean jsonLines) throws IOException {
        String head = jsonLines
                ? "{\"id\":1,\"name\":\"a\"}\n\n{\"id\":2,\"name\":\"b"
                : "[{\"id\":1,\"name\":\"a\"}, {\"id\":2,\"name\":\"b";
        String tail = jsonLines ? "c\"}\n{\"id\":3,\"name\":\"d\"}\n" : "c\"}, {\"id\":3,\"name\":\"d\"}]";
        Path file = bytesFile(head, FF_FE, tail);
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            assertEquals(List.of("id", "name"), reader.header());
            List<SourceRow> rows = readAll(reader);
            assertEquals(
                    List.of(1L, 2L, 3L), rows.stream().map(SourceRow::rowNumber).toList());
            assertNull(rows.get(0).rejection());
            assertNull(rows.get(2).rejection());
            assertArrayEquals(new String[] {"3", "d"}, rows.get(2).values());
            assertArrayEquals(new String[] {"2", "b\uFFFD\uFFFDc"}, rows.get(1).values());
            assertEquals(
                    "the row is not valid UTF-8: bytes FF FE at byte offset " + utf8Length(head)
                            + " cannot be decoded (shown as U+FFFD in the record)",
                    rows.get(1).rejection());
        }
        assertEquals(3, JsonRecordReader.countRows(file, jsonLines));
    }

    @Test
    void aJsonLineWithBadBytesOutsideAStringIsRejectedForThemNotAsMalformedJson() throws IOException {
        String head = "{\"id\":1}\n{\"id\":2";
        Path file = bytesFile(head, FF_FE, "}\n{\"id\":3}\n");
        List<SourceRow> rows = readAll(file, LINES);
        assertEquals(3, rows.size());
        assertTrue(
                rows.get(1)
                        .rejection()
                        .startsWith("the row is not valid UTF-8: bytes FF FE at byte offset " + utf8Length(head) + " "),
                rows.get(1).rejection());
        assertNull(rows.get(2).rejection());
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void aKeyWithBadBytesAddsNoColumnToTheHeader(boolean jsonLines) throws IOException {
        Path file = jsonLines
                ? bytesFile("{\"id\":1}\n{\"id\":2,\"na", FF_FE, "me\":\"x\"}\n")
                : bytesFile("[{\"id\":1},{\"id\":2,\"na", FF_FE, "me\":\"x\"}]");
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            assertEquals(List.of("id"), reader.header());
            List<SourceRow> rows = readAll(reader);
            assertNull(rows.get(0).rejection());
            assertTrue(
                    rows.get(1).rejection().startsWith("the row is not valid UTF-8: bytes FF FE"),
                    rows.get(1).rejection());
        }
    }

    /** A minified array is one line: elements are told apart by character offset, not by line. */
    @Test
    void everyBadElementOfAOneLineArrayFailsAndOnlyThose() throws IOException {
        java.util.List<Object> parts = new ArrayList<>(List.of("["));
        for (int id = 1; id <= 5_000; id++) {
            parts.add((id == 1 ? "" : ",") + "{\"id\":" + id + ",\"name\":\"n" + id);
            if (id % 1_000 == 7) {
                parts.add(FF_FE);
            }
            parts.add("\"}");
        }
        parts.add("]");
        Path file = bytesFile(parts.toArray());
        List<Long> rejected = readAll(file, ARRAY).stream()
                .filter(r -> r.rejection() != null)
                .map(SourceRow::rowNumber)
                .toList();
        assertEquals(List.of(7L, 1007L, 2007L, 3007L, 4007L), rejected);
    }

    @Test
    void badBytesBetweenArrayElementsEndTheFileNamingThem() throws IOException {
        String head = "[{\"id\":1},";
        Path file = bytesFile(head, FF_FE, "{\"id\":2}]");
        MalformedInputException e =
                assertThrows(MalformedInputException.class, () -> JsonRecordReader.open(file, ARRAY));
        assertTrue(
                e.getMessage()
                        .startsWith("the file is not valid UTF-8 in data row 2: bytes FF FE at byte offset "
                                + utf8Length(head) + " cannot be decoded, and they stand outside a JSON string"),
                e.getMessage());
    }

    @Test
    void aUtf16FileIsRefusedAtItsStart() throws IOException {
        Path file = Files.write(dir.resolve("utf16.json"), "[{\"id\":1}]".getBytes(StandardCharsets.UTF_16LE));
        Path withBom = bytesFile(FF_FE, Files.readAllBytes(file));
        MalformedInputException e =
                assertThrows(MalformedInputException.class, () -> JsonRecordReader.open(withBom, ARRAY));
        assertEquals(
                "the file is not valid UTF-8 at its start: bytes FF FE at byte offset 0 cannot be decoded",
                e.getMessage());
    }

    @Test
    void skippingJsonLinesPastABadLineLeavesTheNextRowsClean() throws IOException {
        Path file = bytesFile("{\"id\":1,\"n\":\"", FF_FE, "\"}\n{\"id\":2}\n{\"id\":3,\"n\":\"", FF_FE, "\"}\n");
        try (RecordReader reader = JsonRecordReader.open(file, LINES)) {
            assertEquals(1, reader.skip(1));
            assertNull(reader.next().rejection());
            SourceRow third = reader.next();
            assertEquals(3, third.rowNumber());
            assertTrue(third.rejection().contains("bytes FF FE"), third.rejection());
        }
    }

    // --- encoding and empty files ---

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void stripsTheByteOrderMark(boolean jsonLines) throws IOException {
        Path file = file("\uFEFF" + (jsonLines ? "{\"id\":\"\u00e9\"}\n" : "[{\"id\":\"\u00e9\"}]"));
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            assertEquals(List.of("id"), reader.header());
            SourceRow row = reader.next();
            assertArrayEquals(new String[] {"\u00e9"}, row.values());
            assertNull(row.rejection());
        }
        assertEquals(1, JsonRecordReader.countRows(file, jsonLines));
    }

    static Stream<Arguments> emptyFiles() {
        return Stream.of(
                Arguments.of("[]", ARRAY),
                Arguments.of(" [ ] \n", ARRAY),
                Arguments.of("", ARRAY),
                Arguments.of("\uFEFF", ARRAY),
                Arguments.of("\n \n", ARRAY),
                Arguments.of("", LINES),
                Arguments.of("\n\r\n \t\n", LINES),
                Arguments.of("\uFEFF", LINES));
    }

    @ParameterizedTest(name = "[{0}] jsonLines={1}")
    @MethodSource("emptyFiles")
    void givesAnEmptyHeaderAndNoRowsForAnEmptyFile(String content, boolean jsonLines) throws IOException {
        Path file = file(content);
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            assertEquals(List.of(), reader.header());
            assertNull(reader.next());
            assertNull(reader.next());
        }
        assertEquals(0, JsonRecordReader.countRows(file, jsonLines));
    }

    // --- skip and count ---

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void skipKeepsRowNumbersAbsolute(boolean jsonLines) throws IOException {
        Path file = json(jsonLines, "{\"a\":1}", "{\"a\":[2]}", "7", "", "{\"a\":4}", "{\"a\":5}");
        if (!jsonLines) {
            file = file("[{\"a\":1}, {\"a\":[2]}, 7, {\"a\":4}, {\"a\":5}]");
        }
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            assertEquals(3, reader.skip(3));
            SourceRow row = reader.next();
            assertEquals(4, row.rowNumber());
            assertArrayEquals(new String[] {"4"}, row.values());
            assertEquals(1, reader.skip(10));
            assertNull(reader.next());
            assertEquals(0, reader.skip(1));
        }
    }

    @Test
    void countsArrayElementsIncludingOnesThatAreNotObjects() throws IOException {
        assertEquals(4, JsonRecordReader.countRows(file("[{\"a\":{\"b\":[1,2]}}, 1, [], {}]"), ARRAY));
    }

    @Test
    void countsNonBlankLinesIncludingBadOnes() throws IOException {
        assertEquals(4, JsonRecordReader.countRows(file("{\"a\":1}\n\n{\"a\":\n 42 \r\n\t\nnot json\n"), LINES));
    }

    @Test
    void countsAFinalLineWithoutLineBreak() throws IOException {
        assertEquals(2, JsonRecordReader.countRows(file("{\"a\":1}\n{\"a\":2}"), LINES));
        assertEquals(2, readAll(file("{\"a\":1}\n{\"a\":2}"), LINES).size());
    }

    @ParameterizedTest(name = "jsonLines={0}")
    @ValueSource(booleans = {ARRAY, LINES})
    void streamsAGeneratedFileOfFiftyThousandObjects(boolean jsonLines) throws IOException {
        int count = 50_000;
        Path file = dir.resolve("large.json");
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(jsonLines ? "" : "[\n");
            for (int i = 1; i <= count; i++) {
                String object =
                        "{\"id\":" + i + ",\"text\":\"row " + i + "\"" + (i % 1000 == 0 ? ",\"extra\":true" : "") + "}";
                out.write(jsonLines ? object + "\n" : (i > 1 ? ",\n" : "") + object);
            }
            out.write(jsonLines ? "" : "\n]\n");
        }
        assertEquals(count, JsonRecordReader.countRows(file, jsonLines));
        try (RecordReader reader = JsonRecordReader.open(file, jsonLines)) {
            assertEquals(List.of("id", "text", "extra"), reader.header());
            assertEquals(count - 2, reader.skip(count - 2));
            SourceRow row = reader.next();
            assertAll(
                    () -> assertEquals(count - 1, row.rowNumber()),
                    () -> assertArrayEquals(new String[] {"49999", "row 49999", ""}, row.values()));
            assertArrayEquals(
                    new String[] {"50000", "row 50000", "true"}, reader.next().values());
            assertNull(reader.next());
        }
    }
}
