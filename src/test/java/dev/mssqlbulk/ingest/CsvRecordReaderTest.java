package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRecordReaderTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.write(dir.resolve("upload.csv"), content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SourceRow> readAll(RecordReader reader) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        for (SourceRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void readsQuotedFieldsWithEmbeddedDelimitersQuotesAndLineBreaks() throws IOException {
        try (RecordReader reader =
                CsvRecordReader.open(file("name,note\r\n\"Doe, Jane\",\"said \"\"hi\"\"\nthen left\"\r\n"), ',')) {
            List<SourceRow> rows = readAll(reader);
            assertEquals(1, rows.size());
            assertArrayEquals(
                    new String[] {"Doe, Jane", "said \"hi\"\nthen left"},
                    rows.get(0).values());
        }
    }

    @Test
    void readsLfAndCrlfLineEndingsAlike() throws IOException {
        List<SourceRow> lf;
        try (RecordReader reader = CsvRecordReader.open(file("a,b\n1,2\n3,4\n"), ',')) {
            lf = readAll(reader);
        }
        try (RecordReader reader = CsvRecordReader.open(file("a,b\r\n1,2\r\n3,4\r\n"), ',')) {
            List<SourceRow> crlf = readAll(reader);
            assertEquals(lf.size(), crlf.size());
            for (int i = 0; i < lf.size(); i++) {
                assertArrayEquals(lf.get(i).values(), crlf.get(i).values());
            }
        }
    }

    @Test
    void stripsTheByteOrderMarkAndTrimsHeaderNames() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("\uFEFF\"id\", name ,email\n1,x,y\n"), ',')) {
            assertEquals(List.of("id", "name", "email"), reader.header());
        }
    }

    @Test
    void keepsFieldsUntrimmedAndEmptyFieldsAsEmptyStrings() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a,b,c\n x ,,\"\"\n"), ',')) {
            assertArrayEquals(new String[] {" x ", "", ""}, reader.next().values());
        }
    }

    @Test
    void numbersDataRowsFromOneSkippingEmptyLines() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a\n\n1\n\n\n2\n\n"), ',')) {
            List<SourceRow> rows = readAll(reader);
            assertEquals(
                    List.of(1L, 2L), rows.stream().map(SourceRow::rowNumber).toList());
            assertEquals("2", rows.get(1).values()[0]);
        }
    }

    @Test
    void usesTheGivenDelimiter() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a;b\n1,5;x\n"), ';')) {
            assertEquals(List.of("a", "b"), reader.header());
            assertArrayEquals(new String[] {"1,5", "x"}, reader.next().values());
        }
    }

    @Test
    void passesRowsWithTheWrongFieldCountThrough() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a,b\n1,2,3\n4\n"), ',')) {
            assertEquals(3, reader.next().values().length);
            assertEquals(1, reader.next().values().length);
        }
    }

    @Test
    void givesAnEmptyHeaderAndNoRowsForAnEmptyFile() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file(""), ',')) {
            assertEquals(List.of(), reader.header());
            assertNull(reader.next());
        }
    }

    @Test
    void countsDataRowsWithoutHeaderOrEmptyLines() throws IOException {
        assertEquals(3, CsvRecordReader.countRows(file("a,b\n1,\"multi\nline\"\n\n2,x\r\n3,y"), ','));
    }

    @Test
    void skipKeepsRowNumbersAbsolute() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a\n1\n2\n3\n4\n"), ',')) {
            assertEquals(2, reader.skip(2));
            SourceRow row = reader.next();
            assertEquals(3, row.rowNumber());
            assertArrayEquals(new String[] {"3"}, row.values());
        }
    }

    @Test
    void skipStopsAtTheEnd() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a\n1\n2\n"), ',')) {
            assertEquals(2, reader.skip(10));
            assertNull(reader.next());
        }
    }

    @Test
    void reportsMalformedQuotingWithTheDataRow() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a,b\n1,2\n3,\"x\"y\n"), ',')) {
            reader.next();
            MalformedInputException e = assertThrows(MalformedInputException.class, reader::next);
            assertEquals(2, e.rowNumber());
            assertTrue(e.getMessage().startsWith("malformed CSV in data row 2: "), e.getMessage());
        }
    }

    @Test
    void reportsMalformedQuotingWhileCounting() throws IOException {
        Path file = file("a,b\n1,2\n3,\"x\"y\n");
        MalformedInputException e =
                assertThrows(MalformedInputException.class, () -> CsvRecordReader.countRows(file, ','));
        assertEquals(2, e.rowNumber());
    }

    // --- bytes that are not UTF-8 ---

    private Path bytesFile(byte[]... parts) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return Files.write(dir.resolve("bytes.csv"), out.toByteArray());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] FF_FE = {(byte) 0xFF, (byte) 0xFE};

    @Test
    void aRowWithBytesThatAreNotUtf8IsRejectedAloneWithItsByteOffsetAndDecodedFields() throws IOException {
        byte[] before = utf8("id,name\n1,a\n2,b");
        Path file = bytesFile(before, FF_FE, utf8("c\n3,d\n"));
        try (RecordReader reader = CsvRecordReader.open(file, ',')) {
            List<SourceRow> rows = readAll(reader);
            assertEquals(3, rows.size());
            assertNull(rows.get(0).rejection());
            assertNull(rows.get(2).rejection());
            assertArrayEquals(new String[] {"3", "d"}, rows.get(2).values());
            SourceRow bad = rows.get(1);
            assertEquals(2, bad.rowNumber());
            assertArrayEquals(new String[] {"2", "b\uFFFD\uFFFDc"}, bad.values());
            assertEquals(
                    "the row is not valid UTF-8: bytes FF FE at byte offset " + before.length
                            + " cannot be decoded (shown as U+FFFD in the record)",
                    bad.rejection());
        }
    }

    /** The strict decoder that came before reported row 19913 here: its read-ahead met the bytes first. */
    @Test
    void namesTheRightRowFarIntoTheFileAndCountsEveryRow() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(utf8("id,label\n"));
        long offset = -1;
        for (int row = 1; row <= 20_010; row++) {
            out.writeBytes(utf8(row + ",label " + row));
            if (row == 20_001) {
                offset = out.size();
                out.writeBytes(FF_FE);
            }
            out.write('\n');
        }
        Path file = bytesFile(out.toByteArray());
        assertEquals(20_010, CsvRecordReader.countRows(file, ','));
        try (RecordReader reader = CsvRecordReader.open(file, ',')) {
            List<SourceRow> rejected =
                    readAll(reader).stream().filter(r -> r.rejection() != null).toList();
            assertEquals(1, rejected.size());
            assertEquals(20_001, rejected.get(0).rowNumber());
            assertTrue(
                    rejected.get(0).rejection().contains("at byte offset " + offset + " "),
                    rejected.get(0).rejection());
        }
    }

    @Test
    void badBytesInsideAQuotedMultiLineFieldRejectOnlyThatRow() throws IOException {
        for (String lineBreak : List.of("\n", "\r\n", "\r")) {
            byte[] head = utf8("id,note" + lineBreak + "1,\"one" + lineBreak + "two\"" + lineBreak + "2,\"three"
                    + lineBreak + "fo");
            Path file = bytesFile(
                    head,
                    new byte[] {(byte) 0xC3},
                    utf8("ur" + lineBreak + "five\"" + lineBreak + "3,\"six" + lineBreak + lineBreak + "seven\""
                            + lineBreak + "4,eight" + lineBreak));
            try (RecordReader reader = CsvRecordReader.open(file, ',')) {
                List<SourceRow> rows = readAll(reader);
                assertEquals(
                        List.of(1L, 2L, 3L, 4L),
                        rows.stream().map(SourceRow::rowNumber).toList());
                assertNull(rows.get(0).rejection());
                assertTrue(
                        rows.get(1).rejection().contains("byte C3 at byte offset " + head.length + " "),
                        rows.get(1).rejection());
                assertEquals(
                        "three" + lineBreak + "fo\uFFFDur" + lineBreak + "five",
                        rows.get(1).values()[1]);
                assertNull(
                        rows.get(2).rejection(), lineBreak.replace("\r", "CR").replace("\n", "LF"));
                assertNull(rows.get(3).rejection());
            }
        }
    }

    @Test
    void offsetsCountTheByteOrderMark() throws IOException {
        byte[] head = utf8("\uFEFFid\n1\n");
        try (RecordReader reader = CsvRecordReader.open(bytesFile(head, FF_FE, utf8("\n")), ',')) {
            reader.next();
            assertTrue(reader.next().rejection().contains("at byte offset " + head.length + " "));
        }
    }

    @Test
    void skippingPastABadRowLeavesTheNextRowsClean() throws IOException {
        Path file = bytesFile(utf8("id\n1"), FF_FE, utf8("\n2\n3"), FF_FE, utf8("\n"));
        try (RecordReader reader = CsvRecordReader.open(file, ',')) {
            assertEquals(1, reader.skip(1));
            SourceRow second = reader.next();
            assertEquals(2, second.rowNumber());
            assertNull(second.rejection());
            SourceRow third = reader.next();
            assertEquals(3, third.rowNumber());
            assertTrue(third.rejection().contains("bytes FF FE"), third.rejection());
        }
    }

    @Test
    void aLatin1FileFailsRowByRowNotAsAWhole() throws IOException {
        Path file = Files.write(
                dir.resolve("latin1.csv"), "name\nJos\u00e9\nAnn\nRen\u00e9e\n".getBytes(StandardCharsets.ISO_8859_1));
        try (RecordReader reader = CsvRecordReader.open(file, ',')) {
            List<String> rejections =
                    readAll(reader).stream().map(SourceRow::rejection).toList();
            assertTrue(rejections.get(0).contains("byte E9 at byte offset 8 "), rejections.get(0));
            assertNull(rejections.get(1));
            assertTrue(rejections.get(2).contains("byte E9 at byte offset 17 "), rejections.get(2));
        }
    }

    @Test
    void refusesAHeaderThatIsNotUtf8() throws IOException {
        Path file = bytesFile(FF_FE, utf8("id\n1\n"));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> CsvRecordReader.open(file, ','));
        assertEquals(0, e.rowNumber());
        assertEquals("the header is not valid UTF-8: bytes FF FE at byte offset 0 cannot be decoded", e.getMessage());
    }

    /** FastCSV allows no character after a closing quote, so the row cannot be isolated; the message says why. */
    @Test
    void badBytesRightAfterAClosingQuoteEndTheFileNamingThem() throws IOException {
        Path file = bytesFile(utf8("id,name\n1,\"a\""), FF_FE, utf8("\n2,b\n"));
        try (RecordReader reader = CsvRecordReader.open(file, ',')) {
            MalformedInputException e = assertThrows(MalformedInputException.class, reader::next);
            assertEquals(1, e.rowNumber());
            assertTrue(e.getMessage().contains("bytes FF FE at byte offset 13"), e.getMessage());
        }
    }

    @Test
    void readsMultibyteUtf8() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("name\nJosé 😀\n"), ',')) {
            assertArrayEquals(new String[] {"José 😀"}, reader.next().values());
        }
    }

    @Test
    void rejectsADelimiterThatCannotSeparateFields() {
        assertThrows(UploadRejected.class, () -> CsvRecordReader.open(file("a\n"), '"'));
    }

    @Test
    void streamsALargeFileRowByRow() throws IOException {
        Path file = dir.resolve("large.csv");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("id,text\n");
            for (int i = 1; i <= 200_000; i++) {
                out.write(i + ",\"row " + i + "\"\n");
            }
        }
        assertEquals(200_000, CsvRecordReader.countRows(file, ','));
        try (RecordReader reader = CsvRecordReader.open(file, ',')) {
            reader.skip(199_998);
            assertEquals("199999", reader.next().values()[0]);
            assertEquals(200_000, reader.next().rowNumber());
            assertNull(reader.next());
        }
    }
}
