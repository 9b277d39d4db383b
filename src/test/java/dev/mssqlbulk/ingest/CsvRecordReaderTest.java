package dev.mssqlbulk.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        try (RecordReader reader = CsvRecordReader.open(file("name,note\r\n\"Doe, Jane\",\"said \"\"hi\"\"\nthen left\"\r\n"), ',')) {
            List<SourceRow> rows = readAll(reader);
            assertEquals(1, rows.size());
            assertArrayEquals(new String[]{"Doe, Jane", "said \"hi\"\nthen left"}, rows.get(0).values());
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
            assertArrayEquals(new String[]{" x ", "", ""}, reader.next().values());
        }
    }

    @Test
    void numbersDataRowsFromOneSkippingEmptyLines() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a\n\n1\n\n\n2\n\n"), ',')) {
            List<SourceRow> rows = readAll(reader);
            assertEquals(List.of(1L, 2L), rows.stream().map(SourceRow::rowNumber).toList());
            assertEquals("2", rows.get(1).values()[0]);
        }
    }

    @Test
    void usesTheGivenDelimiter() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("a;b\n1,5;x\n"), ';')) {
            assertEquals(List.of("a", "b"), reader.header());
            assertArrayEquals(new String[]{"1,5", "x"}, reader.next().values());
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
            assertArrayEquals(new String[]{"3"}, row.values());
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
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> CsvRecordReader.countRows(file, ','));
        assertEquals(2, e.rowNumber());
    }

    @Test
    void rejectsBytesThatAreNotUtf8() throws IOException {
        Path file = Files.write(dir.resolve("latin1.csv"), "name\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> CsvRecordReader.countRows(file, ','));
        assertTrue(e.getMessage().startsWith("the file is not valid UTF-8"), e.getMessage());
    }

    @Test
    void readsMultibyteUtf8() throws IOException {
        try (RecordReader reader = CsvRecordReader.open(file("name\nJosé 😀\n"), ',')) {
            assertArrayEquals(new String[]{"José 😀"}, reader.next().values());
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
