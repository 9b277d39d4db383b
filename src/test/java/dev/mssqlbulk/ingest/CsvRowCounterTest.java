package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvRowCounter} must count exactly the rows {@link CsvRecordReader} reads: checked against the reader on
 * thousands of random inputs made of the pieces where CSV is tricky, and on named examples of each rule.
 */
class CsvRowCounterTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The pieces random inputs are made of, by bytes: structure, white space, bad and multi-byte UTF-8. */
    private static final List<byte[]> PIECES = List.of(
            ascii(","),
            ascii(";"),
            ascii("\t"),
            ascii("|"),
            ascii("\"\""),
            ascii("\r"),
            ascii("\n"),
            ascii("\r\n"),
            ascii(" "),
            ascii("a"),
            ascii("bc"),
            ascii("1"),
            BOM,
            bytes(0xFF),
            bytes(0xC3), // a truncated sequence
            bytes(0x80),
            bytes(0xED, 0xA0, 0x80), // an encoded surrogate
            bytes(0xF0, 0x9F), // a truncated 4-byte sequence
            "é".getBytes(StandardCharsets.UTF_8),
            "€".getBytes(StandardCharsets.UTF_8),
            "😀".getBytes(StandardCharsets.UTF_8));

    private static final char[] DELIMITERS = {',', ';', '\t', '|', ' ', 'a'};

    @Test
    void countsWhatTheReaderReadsOnRandomInputs() throws IOException {
        Random random = new Random(20261202);
        int counted = 0;
        for (int n = 0; n < 20_000; n++) {
            char delimiter = DELIMITERS[random.nextInt(DELIMITERS.length)];
            byte[] input = randomInput(random, delimiter);
            counted += assertCountsAsTheReader(input, delimiter, 3 + random.nextInt(14)) ? 1 : 0;
        }

        assertTrue(counted > 8_000, "over 40% of the random inputs are ones the reader reads to their end");
    }

    @Test
    void leavesANonAsciiDelimiterToTheParserAndStillCountsAsTheReader() throws IOException {
        byte[] input = utf8("a§b\n1§\"x\ny\"\n\n2§3\n");
        assertEquals(OptionalLong.empty(), CsvRowCounter.count(source(input), '§'));
        assertEquals(readerRows(input, '§'), CsvRecordReader.countRows(source(input), '§'));
    }

    @Test
    void countsAQuotedLineBreakAsPartOfItsRow() throws IOException {
        assertCount(2, "id,note\n1,\"two\nlines\"\n2,\"three\r\nlines\r\n\"\n");
    }

    @Test
    void skipsEmptyLinesButCountsLinesOfSpacesAndEmptyQuotes() throws IOException {
        assertCount(3, "id\n\n1\r\n\r\n \n\n\"\"\n\r\r\n");
    }

    @Test
    void countsTheLastRowWithoutALineBreakAndOneEndingInADelimiter() throws IOException {
        assertCount(1, "a,b\n1,2");
        assertCount(2, "a,b\n1,2\n3,");
    }

    @Test
    void countsAQuoteLeftOpenAsOneRowRunningToTheEnd() throws IOException {
        assertCount(2, "a,b\n1,2\n3,\"open\n4,5\n6,7\n");
    }

    @Test
    void readsAQuoteInsideAnUnquotedFieldAsData() throws IOException {
        assertCount(2, "a,b\n1,x\"y\n2,\"z\n");
    }

    @Test
    void countsAnUploadOfOnlyAHeaderOrNothingAsNoRows() throws IOException {
        assertCount(0, "a,b\n");
        assertCount(0, "");
        assertCount(0, "\n\r\n");
        assertCount(0, "\uFEFF");
    }

    @Test
    void skipsTheByteOrderMarkOnlyAtTheStart() throws IOException {
        assertCount(1, "\uFEFFa\n\uFEFF\n");
    }

    @Test
    void countsRowsWithBytesThatAreNotUtf8() throws IOException {
        byte[] input = concat(ascii("a,b\n1,"), bytes(0xFF, 0x0A), ascii("\"x"), bytes(0xC3), ascii("\",2\n"));
        assertEquals(2, readerRows(input, ','));
        assertEquals(OptionalLong.of(2), CsvRowCounter.count(source(input), ','));
    }

    @Test
    void followsTheParserWhereAnLfAfterAQuotedCrDoesNotEndTheRecord() throws IOException {
        // the parser takes such an LF for the end of a CRLF: the record goes on, or is dropped on an empty line
        assertCount(1, "a\n\"x\r\"\ny\n");
        assertCount(1, "a\n\"x\r\"\n\nz\n");
        assertCount(2, "a\n1,\"x\r\"\n\nz\n");
    }

    @Test
    void leavesACharacterAfterAClosingQuoteToTheParserWhichFails() throws IOException {
        byte[] input = utf8("a,b\n\"1\"x,2\n");
        assertEquals(OptionalLong.empty(), CsvRowCounter.count(source(input), ','));
        assertThrows(MalformedInputException.class, () -> CsvRecordReader.countRows(source(input), ','));
    }

    @Test
    void failsAsTheReaderOnAHeaderThatIsNotUtf8() throws IOException {
        byte[] input = concat(ascii("a,"), bytes(0xFF), ascii("\n1,2\n"));
        MalformedInputException expected =
                assertThrows(MalformedInputException.class, () -> CsvRecordReader.open(source(input), ','));
        MalformedInputException thrown =
                assertThrows(MalformedInputException.class, () -> CsvRowCounter.count(source(input), ','));
        assertEquals(expected.getMessage(), thrown.getMessage());
    }

    @Test
    void countsAcrossBufferBoundaries() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("id,text\r\n"));
        int rows = 0;
        while (out.size() < 3 * CsvRowCounter.BUFFER_SIZE) {
            rows++;
            out.writeBytes(
                    ascii(rows + ",\"" + "x\r\n".repeat(rows % 7) + "\"\"\"\r\n" + (rows % 5 == 0 ? "\r\n" : "")));
        }
        byte[] input = out.toByteArray();
        assertEquals(rows, readerRows(input, ','));
        assertEquals(OptionalLong.of(rows), CsvRowCounter.count(source(input), ','));
    }

    @Test
    void leavesARecordOfManyLinesToTheParser() throws IOException {
        byte[] line = concat(bytes(0xFF), ascii("\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("a\n\""));
        for (int i = 0; i < CsvRowCounter.MAX_RECORD_LINE_BREAKS + 1; i++) {
            out.writeBytes(line);
        }
        out.writeBytes(ascii("\"\n1\n"));
        byte[] input = out.toByteArray();
        assertEquals(OptionalLong.empty(), CsvRowCounter.count(source(input), ','));
        assertEquals(readerRows(input, ','), CsvRecordReader.countRows(source(input), ','));
    }

    /**
     * Checks the counter against the reader on {@code input}: the same number, or, where the reader fails, either
     * the count left to it or the same failure; with its usual buffer, and with one of {@code bufferSize} bytes, so
     * that records, quotes and line breaks also fall across buffers.
     *
     * @return whether the counter counted on the bytes (rather than leaving it to the parser)
     */
    private static boolean assertCountsAsTheReader(byte[] input, char delimiter, int bufferSize) throws IOException {
        String shown = "input " + HexFormat.ofDelimiter(" ").formatHex(input) + " (" + show(input) + "), delimiter '"
                + show(new byte[] {(byte) delimiter}) + "'";
        long expected;
        try {
            expected = readerRows(input, delimiter);
        } catch (MalformedInputException readerFailure) {
            for (int size : new int[] {CsvRowCounter.BUFFER_SIZE, bufferSize}) {
                try {
                    assertEquals(OptionalLong.empty(), CsvRowCounter.count(source(input), delimiter, size), shown);
                } catch (MalformedInputException counterFailure) {
                    assertEquals(readerFailure.getMessage(), counterFailure.getMessage(), shown);
                }
            }
            return false;
        }
        assertEquals(OptionalLong.of(expected), CsvRowCounter.count(source(input), delimiter), shown);
        assertEquals(
                OptionalLong.of(expected),
                CsvRowCounter.count(source(input), delimiter, bufferSize),
                shown + ", buffer of " + bufferSize);
        assertEquals(expected, CsvRecordReader.countRows(source(input), delimiter), shown);
        return true;
    }

    private static void assertCount(long rows, String input) throws IOException {
        byte[] bytes = utf8(input);
        assertEquals(rows, readerRows(bytes, ','), "the reader");
        assertEquals(OptionalLong.of(rows), CsvRowCounter.count(source(bytes), ','), "the counter");
    }

    /** The number of rows the reader returns, after the header. */
    private static long readerRows(byte[] input, char delimiter) throws IOException {
        try (CsvRecordReader reader = CsvRecordReader.open(source(input), delimiter)) {
            long rows = 0;
            while (reader.next() != null) {
                rows++;
            }
            return rows;
        }
    }

    /**
     * Random pieces, quotes, and quoted fields (of random pieces, mostly closed and mostly followed by the delimiter
     * or a line break), mostly after a header of plain names, so that most inputs are ones the reader
     * reads to their end (it fails on a header that is not UTF-8, and on a character after a closing quote).
     */
    private static byte[] randomInput(Random random, char delimiter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(4) == 0) {
            out.writeBytes(BOM);
        }
        if (random.nextInt(4) > 0) {
            out.writeBytes(
                    ascii(List.of("a,b", "a;b;c", "a\tb", "a|b", "a b", "a").get(random.nextInt(6))));
            out.writeBytes(ascii(List.of("\n", "\r\n", "\r").get(random.nextInt(3))));
        }
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(40);
            if (kind == 0) {
                out.writeBytes(ascii("\"")); // a quote of its own: opens a field or is data
            } else if (kind < 9) {
                out.writeBytes(ascii("\""));
                int inside = random.nextInt(6);
                for (int j = 0; j < inside; j++) {
                    out.writeBytes(PIECES.get(random.nextInt(PIECES.size())));
                }
                if (random.nextInt(10) > 0) {
                    out.writeBytes(ascii("\""));
                    byte[] after = List.of(new byte[] {(byte) delimiter}, ascii("\r"), ascii("\n"), ascii("\r\n"))
                            .get(random.nextInt(4));
                    out.writeBytes(random.nextInt(10) > 0 ? after : PIECES.get(random.nextInt(PIECES.size())));
                }
            } else {
                out.writeBytes(PIECES.get(random.nextInt(PIECES.size())));
            }
        }
        return out.toByteArray();
    }

    static UploadSource source(byte[] input) {
        return () -> new ByteArrayInputStream(input);
    }

    private static String show(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r")
                .replace("\n", "\\n")
                .replace("\t", "\\t");
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
