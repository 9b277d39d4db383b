package dev.mssqlbulk.ingest;

import static dev.mssqlbulk.ingest.CsvRowCounterTest.ascii;
import static dev.mssqlbulk.ingest.CsvRowCounterTest.bytes;
import static dev.mssqlbulk.ingest.CsvRowCounterTest.concat;
import static dev.mssqlbulk.ingest.CsvRowCounterTest.source;
import static dev.mssqlbulk.ingest.CsvRowCounterTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonLineCounter} must count exactly the rows the JSON Lines reader reads: checked against the reader on
 * thousands of random inputs made of white space, line breaks, JSON and bytes that are not UTF-8, and on examples.
 */
class JsonLineCounterTest {

    private static final List<byte[]> PIECES = List.of(
            ascii("{\"a\":1}"),
            ascii("{"),
            ascii("}"),
            ascii("\"k\":"),
            ascii("[1]"),
            ascii(","),
            ascii(" "),
            ascii("\t"),
            ascii("\r"),
            ascii("\n"),
            ascii("\r\n"),
            ascii("\f"),
            ascii("x"),
            bytes(0xEF, 0xBB, 0xBF),
            bytes(0xFF),
            bytes(0xC3),
            bytes(0xED, 0xA0, 0x80),
            "é".getBytes(StandardCharsets.UTF_8),
            "\u00A0".getBytes(StandardCharsets.UTF_8));

    @Test
    void countsWhatTheReaderReadsOnRandomInputs() throws IOException {
        Random random = new Random(20261202);
        for (int n = 0; n < 5_000; n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int pieces = random.nextInt(30);
            for (int i = 0; i < pieces; i++) {
                out.writeBytes(PIECES.get(random.nextInt(PIECES.size())));
            }
            byte[] input = out.toByteArray();
            assertEquals(
                    readerRows(input),
                    JsonLineCounter.count(source(input)),
                    () -> "input " + HexFormat.ofDelimiter(" ").formatHex(input));
        }
    }

    @Test
    void skipsBlankLinesOfJsonWhiteSpaceOnly() throws IOException {
        assertCount(2, "{\"a\":1}\n\n \t\r\n\r\n{\"a\":2}\n \n");
    }

    @Test
    void countsAMalformedLineAndOneWithoutAFinalLineBreak() throws IOException {
        assertCount(3, "{\"a\":1}\nnot json\n{\"a\":");
    }

    @Test
    void countsALineOfOtherWhiteSpaceOrAByteOrderMarkAfterTheStart() throws IOException {
        assertCount(2, "\uFEFF{\"a\":1}\n\u00A0\n");
        assertCount(1, "\uFEFF\n\uFEFF\n");
    }

    @Test
    void countsALineOfBytesThatAreNotUtf8() throws IOException {
        byte[] input = concat(ascii("{\"a\":1}\n"), bytes(0xFF), ascii("\n \n"));
        assertEquals(2, readerRows(input));
        assertEquals(2, JsonLineCounter.count(source(input)));
    }

    @Test
    void countsAcrossBufferBoundaries() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rows = 0;
        while (out.size() < 3 * CsvRowCounter.BUFFER_SIZE) {
            rows++;
            out.writeBytes(ascii("{\"id\":" + rows + "}\r\n" + " ".repeat(rows % 11) + "\n"));
        }
        byte[] input = out.toByteArray();
        assertEquals(rows, readerRows(input));
        assertEquals(rows, JsonLineCounter.count(source(input)));
    }

    private static void assertCount(long rows, String input) throws IOException {
        byte[] bytes = utf8(input);
        assertEquals(rows, readerRows(bytes), "the reader");
        assertEquals(rows, JsonLineCounter.count(source(bytes)), "the counter");
    }

    /** The number of rows the JSON Lines reader returns. */
    private static long readerRows(byte[] input) throws IOException {
        try (JsonRecordReader reader = JsonRecordReader.open(source(input), true, false)) {
            long rows = 0;
            while (reader.next() != null) {
                rows++;
            }
            return rows;
        }
    }
}
