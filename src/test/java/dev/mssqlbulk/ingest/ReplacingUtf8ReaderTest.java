package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplacingUtf8ReaderTest {

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes((byte[]) part);
            }
        }
        return out.toByteArray();
    }

    private static byte[] raw(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static ReplacingUtf8Reader reader(byte[] bytes, ReplacingUtf8Reader.LineBreaks lineBreaks) {
        return new ReplacingUtf8Reader(new ByteArrayInputStream(bytes), 0, lineBreaks);
    }

    /** Reads everything, {@code chunk} characters per call. */
    private static String readAll(Reader reader, int chunk) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[chunk];
        for (int n; (n = reader.read(buffer, 0, chunk)) >= 0; ) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    @Test
    void replacesEachMalformedSequenceAndRemembersWhereTheRunStarted() throws IOException {
        byte[] file = bytes("a\nb", raw(0xFF, 0xFE), "c\n");
        ReplacingUtf8Reader reader = reader(file, ReplacingUtf8Reader.LineBreaks.LF);
        assertEquals("a\nb\uFFFD\uFFFDc\n", readAll(reader, 64));
        assertNull(reader.takeThroughLine(1));
        ReplacingUtf8Reader.Malformed bad = reader.takeThroughLine(2);
        assertEquals(2, bad.line());
        assertEquals(3, bad.byteOffset());
        assertEquals(3, bad.charOffset());
        assertArrayEquals(raw(0xFF, 0xFE), bad.bytes());
        assertEquals("bytes FF FE at byte offset 3", bad.describe());
        assertNull(reader.peek());
    }

    @Test
    void validTextPassesUnchangedWhateverTheCallersBufferSize() throws IOException {
        String text = "José 😀 ".repeat(5000) + "\r\nend";
        for (int chunk : new int[] {1, 2, 3, 8192}) {
            ReplacingUtf8Reader reader =
                    reader(text.getBytes(StandardCharsets.UTF_8), ReplacingUtf8Reader.LineBreaks.CSV);
            assertEquals(text, readAll(reader, chunk), "chunk " + chunk);
            assertNull(reader.peek());
        }
    }

    @Test
    void offsetsStayRightAcrossTheInternalBufferAndOneCharacterReads() throws IOException {
        // a multi-byte character split by the 8,192-byte input buffer, then a bad byte far behind it
        byte[] file = bytes("x".repeat(8191), "é", "y".repeat(20_000), raw(0xC3), "z");
        long badAt = 8191 + 2 + 20_000;
        for (int chunk : new int[] {1, 7, 8192}) {
            ReplacingUtf8Reader reader = reader(file, ReplacingUtf8Reader.LineBreaks.NONE);
            String text = readAll(reader, chunk);
            assertEquals("x".repeat(8191) + "é" + "y".repeat(20_000) + "\uFFFDz", text);
            ReplacingUtf8Reader.Malformed bad = reader.takeBefore(Long.MAX_VALUE);
            assertEquals(badAt, bad.byteOffset(), "chunk " + chunk);
            assertEquals(text.indexOf('\uFFFD'), bad.charOffset(), "chunk " + chunk);
        }
    }

    @Test
    void aSequenceCutShortByTheEndOfTheFileIsMalformed() throws IOException {
        ReplacingUtf8Reader reader = reader(bytes("ab", raw(0xE2, 0x82)), ReplacingUtf8Reader.LineBreaks.LF);
        assertEquals("ab\uFFFD", readAll(reader, 16));
        ReplacingUtf8Reader.Malformed bad = reader.takeThroughLine(1);
        assertEquals(2, bad.byteOffset());
        assertEquals(2, bad.length());
    }

    @Test
    void aByteOrderMarkCountsInTheByteOffset() throws IOException {
        ReplacingUtf8Reader reader = new ReplacingUtf8Reader(
                new ByteArrayInputStream(raw(0x61, 0xFF)), 3, ReplacingUtf8Reader.LineBreaks.LF);
        readAll(reader, 16);
        assertEquals(4, reader.takeThroughLine(1).byteOffset());
    }

    @Test
    void countsCsvLineBreaksAsFastCsvDoesAndJsonLinesOnlyAtLineFeeds() throws IOException {
        byte[] file = bytes("a\r\nb\rc\nd", raw(0xFF));
        ReplacingUtf8Reader csv = reader(file, ReplacingUtf8Reader.LineBreaks.CSV);
        readAll(csv, 2);
        assertEquals(4, csv.peek().line());
        ReplacingUtf8Reader lines = reader(file, ReplacingUtf8Reader.LineBreaks.LF);
        readAll(lines, 2);
        assertEquals(3, lines.peek().line());
    }

    @Test
    void keepsOnlyTheFirstRunOfALineWhereRowsAreFoundByLine() throws IOException {
        byte[] file = bytes(raw(0xFF), "a", raw(0xFE), "b\n", raw(0xFF), "\n");
        ReplacingUtf8Reader reader = reader(file, ReplacingUtf8Reader.LineBreaks.LF);
        readAll(reader, 64);
        assertEquals(0, reader.takeThroughLine(1).byteOffset());
        assertEquals(5, reader.takeThroughLine(2).byteOffset());
        assertNull(reader.peek());
    }

    @Test
    void failsRatherThanQueueWithoutBound() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i <= ReplacingUtf8Reader.MAX_PENDING; i++) {
            file.write('a');
            file.write(0xFF);
        }
        ReplacingUtf8Reader reader = reader(file.toByteArray(), ReplacingUtf8Reader.LineBreaks.NONE);
        ReplacingUtf8Reader.TooManyMalformed e =
                assertThrows(ReplacingUtf8Reader.TooManyMalformed.class, () -> readAll(reader, 8192));
        assertTrue(e.getMessage().contains("byte FF at byte offset 1"), e.getMessage());
    }
}
