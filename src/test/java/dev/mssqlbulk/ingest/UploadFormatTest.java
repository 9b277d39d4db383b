package dev.mssqlbulk.ingest;

import static dev.mssqlbulk.ingest.UploadFormat.CSV;
import static dev.mssqlbulk.ingest.UploadFormat.JSON_ARRAY;
import static dev.mssqlbulk.ingest.UploadFormat.JSON_LINES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UploadFormatTest {

    private static final String ARRAY = "[{\"a\":1}]";
    private static final String LINES = "{\"a\":1}\n";
    private static final String CSV_TEXT = "a\n1\n";

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.write(dir.resolve("part"), content.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> detection() {
        return Stream.of(
                // content type first
                Arguments.of("text/csv", "data.json", ARRAY, CSV),
                Arguments.of("application/csv", "data.jsonl", LINES, CSV),
                Arguments.of("application/vnd.ms-excel", null, CSV_TEXT, CSV),
                Arguments.of("Text/CSV; charset=UTF-8", "data", CSV_TEXT, CSV),
                Arguments.of("application/json", "data.csv", ARRAY, JSON_ARRAY),
                Arguments.of("application/json", "data.csv", LINES, JSON_LINES),
                Arguments.of("application/json; charset=utf-8", null, " \r\n\t{\"a\":1}", JSON_LINES),
                Arguments.of("application/json", "data.json", "\uFEFF  [{\"a\":1}]", JSON_ARRAY),
                Arguments.of("application/json", "data.json", "\uFEFF{\"a\":1}", JSON_LINES),
                Arguments.of("application/json", "data.json", "", JSON_ARRAY),
                Arguments.of("application/json", "data.json", "\"text\"", JSON_ARRAY),
                Arguments.of("application/x-ndjson", "data.csv", LINES, JSON_LINES),
                Arguments.of("application/jsonl", null, LINES, JSON_LINES),
                Arguments.of("application/x-jsonlines", null, LINES, JSON_LINES),
                Arguments.of("application/jsonlines", null, LINES, JSON_LINES),
                // then the file name's extension
                Arguments.of("application/octet-stream", "data.csv", CSV_TEXT, CSV),
                Arguments.of("application/octet-stream", "data.json", ARRAY, JSON_ARRAY),
                Arguments.of("application/octet-stream", "DATA.JSON", LINES, JSON_LINES),
                Arguments.of("application/octet-stream", "data.jsonl", LINES, JSON_LINES),
                Arguments.of("application/octet-stream", "data.ndjson", LINES, JSON_LINES),
                Arguments.of("text/plain", "data.jsonl", LINES, JSON_LINES),
                Arguments.of(null, "data.json", ARRAY, JSON_ARRAY),
                // else CSV
                Arguments.of("application/octet-stream", "data.txt", CSV_TEXT, CSV),
                Arguments.of("application/octet-stream", "data", ARRAY, CSV),
                Arguments.of("application/octet-stream", null, CSV_TEXT, CSV),
                Arguments.of(null, null, CSV_TEXT, CSV),
                Arguments.of("", "", CSV_TEXT, CSV));
    }

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @MethodSource("detection")
    void detectsTheFormatByContentTypeThenExtensionElseCsv(
            String contentType, String fileName, String content, UploadFormat expected) throws IOException {
        assertEquals(expected, UploadFormat.detect(contentType, fileName, file(content)));
    }

    @Test
    void looksAtTheFileOnlyWhenTheFormatIsJsonOfEitherKind() {
        Path missing = dir.resolve("missing");
        assertEquals(CSV, UploadFormat.detect("text/csv", "x.json", missing));
        assertEquals(JSON_LINES, UploadFormat.detect(null, "x.jsonl", missing));
        assertThrows(UncheckedIOException.class, () -> UploadFormat.detect("application/json", null, missing));
    }

    static Stream<Arguments> reading() {
        return Stream.of(
                Arguments.of(CSV, "a;b\n1;2\n3;4\n"),
                Arguments.of(JSON_ARRAY, "[{\"a\":1,\"b\":2},{\"a\":3,\"b\":4}]"),
                Arguments.of(JSON_LINES, "{\"a\":1,\"b\":2}\n\n{\"a\":3,\"b\":4}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reading")
    void opensAndCountsInItsFormat(UploadFormat format, String content) throws IOException {
        Path file = file(content);
        assertEquals(2, format.countRows(file, ';'));
        try (RecordReader reader = format.open(file, ';')) {
            assertEquals(List.of("a", "b"), reader.header());
            assertArrayEquals(new String[] {"1", "2"}, reader.next().values());
            assertEquals(2, reader.next().rowNumber());
        }
    }

    @Test
    void opensCsvWithTheCsvReader() throws IOException {
        try (RecordReader reader = CSV.open(file(CSV_TEXT), ',')) {
            assertInstanceOf(CsvRecordReader.class, reader);
        }
    }

    @Test
    void namesAnExtensionPerFormat() {
        assertEquals(
                List.of("csv", "json", "jsonl"),
                Stream.of(UploadFormat.values()).map(UploadFormat::extension).toList());
    }
}
