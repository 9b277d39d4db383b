package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader opened at the resume point reported after row k yields exactly rows k+1.. as reading from the start
 * does: same row numbers, values and rejections (which name bad bytes by their offset in the whole upload), for
 * every k, and without reading the bytes before the point (but the line break that ends the row before it).
 */
class ResumePointTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    /** A row as compared: its number, values and rejection. */
    private record Row(long number, List<String> values, String rejection) {
        static Row of(SourceRow row) {
            return new Row(row.rowNumber(), Arrays.asList(row.values()), row.rejection());
        }
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : ((String) part).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** BOM, CRLF and LF and lone CRs (one ending a blank line), quoted line breaks, blank lines, multi-byte UTF-8, bytes that are not UTF-8. */
    private static byte[] csv(boolean finalLineBreak) {
        return bytes(
                BOM,
                "id,name,note\r\n",
                "1,\"Doe, Jane\",\"said \"\"hi\"\"\nthen left\"\r\n",
                "2,Zoë,\"two\r\nlines\r\nhere\"\r\n",
                "\r\n\r\n",
                "3,😀 grin,plain\n",
                "4,bad ",
                new byte[] {(byte) 0xFF, (byte) 0xFE},
                " bytes,\"and ",
                new byte[] {(byte) 0xC3},
                " more\"\n",
                "\n",
                "5,after bad,x\r\r",
                "6,cr only,y\r\n",
                "7,\"\",\"ends\"",
                finalLineBreak ? "\r\n" : "");
    }

    private static byte[] jsonLines(boolean finalLineBreak) {
        return bytes(
                BOM,
                "{\"id\":1,\"name\":\"Zoë\"}\n",
                "\n   \n",
                "{\"id\":2,\"name\":\"😀\",\"note\":\"x\"}\r\n",
                "{\"id\":3, not json\n",
                "{\"id\":4,\"name\":\"bad ",
                new byte[] {(byte) 0xFF},
                "\"}\n",
                "[1,2]\n",
                "\t\n",
                "{\"id\":6,\"name\":\"last\"}",
                finalLineBreak ? "\n" : "");
    }

    @Test
    void csvResumedAtEveryRowBoundaryReadsExactlyTheRowsAfterIt() throws IOException {
        for (boolean finalLineBreak : new boolean[] {true, false}) {
            for (boolean trickle : new boolean[] {false, true}) {
                assertResumesAtEveryBoundary(UploadFormat.CSV, csv(finalLineBreak), 7, true, trickle);
            }
        }
    }

    @Test
    void jsonLinesResumedAtEveryRowBoundaryReadsExactlyTheRowsAfterIt() throws IOException {
        for (boolean finalLineBreak : new boolean[] {true, false}) {
            for (boolean trickle : new boolean[] {false, true}) {
                assertResumesAtEveryBoundary(UploadFormat.JSON_LINES, jsonLines(finalLineBreak), 6, false, trickle);
            }
        }
    }

    /** Many rows, so that the decoder's and the parser's read-ahead spans many of them. */
    @Test
    void pointsStayExactWhenTheParserReadsFarAhead() throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        csv.writeBytes(bytes("id,text\r\n"));
        byte[] bad = {(byte) 0xFF};
        for (int i = 1; i <= 3000; i++) {
            byte[] noise = i % 500 == 0 ? bad : new byte[0];
            csv.writeBytes(bytes(i + ",\"é", noise, "x".repeat(i % 17), i % 5 == 0 ? "\r\n" : "", "\"\r\n"));
            lines.writeBytes(bytes("{\"id\":" + i + ",\"t\":\"ü", noise, "y".repeat(i % 13), "\"}\n"));
            if (i % 7 == 0) {
                lines.writeBytes(bytes("\n"));
            }
        }
        assertResumesAtEveryBoundary(UploadFormat.CSV, csv.toByteArray(), 3000, true, false);
        assertResumesAtEveryBoundary(UploadFormat.JSON_LINES, lines.toByteArray(), 3000, false, false);
    }

    @Test
    void aCsvFileWithoutBomOrDataRowsHasAPointAfterItsHeader() throws IOException {
        Path file = Files.write(dir.resolve("header.csv"), bytes("a,b\n"));
        try (RecordReader reader = UploadFormat.CSV.open(UploadSource.of(file), ',', false)) {
            assertNull(reader.next());
            assertEquals(new ResumePoint(0, 4), reader.resumePoint());
        }
    }

    @Test
    void aJsonArrayHasNoResumePointAndIsResumedBySkipping() throws IOException {
        Path file = Files.write(dir.resolve("array.json"), bytes("[{\"a\":1},{\"a\":2},{\"a\":3}]"));
        try (RecordReader reader = UploadFormat.JSON_ARRAY.open(UploadSource.of(file), ',', false)) {
            reader.next();
            assertNull(reader.resumePoint());
        }
        try (RecordReader reader =
                UploadFormat.JSON_ARRAY.openAfter(UploadSource.of(file), ',', false, 2, new ResumePoint(2, 20))) {
            SourceRow row = reader.next();
            assertEquals(3, row.rowNumber());
            assertArrayEquals(new String[] {"3"}, row.values());
        }
    }

    @Test
    void skippingReportsTheSamePointsAsReading() throws IOException {
        Path file = Files.write(dir.resolve("skip.csv"), csv(true));
        List<ResumePoint> reading = new ArrayList<>();
        try (RecordReader reader = UploadFormat.CSV.open(UploadSource.of(file), ',', false)) {
            while (reader.next() != null) {
                reading.add(reader.resumePoint());
            }
        }
        for (int k = 1; k <= reading.size(); k++) {
            try (RecordReader reader = UploadFormat.CSV.open(UploadSource.of(file), ',', false)) {
                assertEquals(k, reader.skip(k));
                assertEquals(reading.get(k - 1), reader.resumePoint(), "after skipping " + k);
            }
        }
    }

    /**
     * Reads {@code content} from the start, noting the point after the header and after each row; then, for each,
     * opens the upload there and checks the rest. With {@code garbleBefore}, the bytes between the header and the
     * point are first overwritten with garbage of the same length (CSV: its header is read from the start alone;
     * a JSON Lines header is the keys of every line, so there it is checked that the rows come from a read that
     * starts at the offset).
     */
    private void assertResumesAtEveryBoundary(
            UploadFormat format, byte[] content, int rows, boolean garbleBefore, boolean trickle) throws IOException {
        Path file = Files.write(dir.resolve("upload." + format.extension()), content);
        List<Row> all = new ArrayList<>();
        List<ResumePoint> points = new ArrayList<>();
        List<String> header;
        try (RecordReader reader = format.open(source(file, trickle, new ArrayList<>()), ',', false)) {
            header = reader.header();
            points.add(reader.resumePoint());
            for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                all.add(Row.of(row));
                points.add(reader.resumePoint());
            }
        }
        assertEquals(rows, all.size(), "rows of " + format);
        assertTrue(all.stream().anyMatch(row -> row.rejection() != null), "the fixture holds rejected rows");
        int step = rows > 100 ? 97 : 1;
        for (int k = 0; k <= rows; k = k == rows ? k + 1 : Math.min(rows, k + step)) {
            ResumePoint point = points.get(k);
            if (format == UploadFormat.JSON_LINES && k == 0) {
                assertNull(point, "JSON Lines has no header line");
                continue;
            }
            assertNotNull(point, "a point after row " + k);
            assertEquals(k, point.row());
            if (k == rows) {
                assertEquals(content.length, point.offset(), "after the last row: the end of the upload");
            }
            byte[] resumed = content.clone();
            if (garbleBefore && k > 0) {
                // all but the line break that ends row k, which is read to check that the offset is a point
                Arrays.fill(resumed, (int) points.get(0).offset(), (int) point.offset() - 1, (byte) 'x');
            }
            Path copy = Files.write(dir.resolve("resumed-" + k + "." + format.extension()), resumed);
            List<Long> opened = new ArrayList<>();
            UploadSource source = source(copy, trickle, opened);
            List<Row> rest = new ArrayList<>();
            try (RecordReader reader = format.openAfter(source, ',', false, k, point)) {
                assertEquals(header, reader.header());
                for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                    rest.add(Row.of(row));
                    if (rest.size() + k < points.size() - 1) {
                        assertEquals(points.get(k + rest.size()), reader.resumePoint(), "point after a resumed row");
                    }
                }
            }
            assertEquals(all.subList(k, rows), rest, format + " resumed after row " + k);
            assertEquals(
                    point.offset() - 1,
                    opened.get(opened.size() - 1),
                    "the rows are read from the offset on (and the line break before it)");
        }
    }

    @Test
    void anOffsetWhereNoRecordStartsIsNotTrustedAndTheRowsAreSkippedInstead() throws IOException {
        Path file = Files.write(dir.resolve("moved.csv"), bytes("a,b\n1,one\n2,two\n3,three\n"));
        // "1,one\n" ends at 10: offset 12 is inside row 2, as if the upload had changed since the point was taken
        try (RecordReader reader =
                UploadFormat.CSV.openAfter(UploadSource.of(file), ',', false, 1, new ResumePoint(1, 12))) {
            SourceRow row = reader.next();
            assertEquals(2, row.rowNumber());
            assertArrayEquals(new String[] {"2", "two"}, row.values());
        }
        Path lines = Files.write(dir.resolve("moved.jsonl"), bytes("{\"a\":1}\r{\"a\":2}\n{\"a\":3}\n"));
        // after a lone CR, which ends no JSON line
        try (RecordReader reader =
                UploadFormat.JSON_LINES.openAfter(UploadSource.of(lines), ',', false, 1, new ResumePoint(1, 8))) {
            SourceRow row = reader.next();
            assertEquals(2, row.rowNumber());
            assertArrayEquals(new String[] {"3"}, row.values());
        }
    }

    /** The file, noting each offset it is opened at; trickling, it hands out one byte a read. */
    private static UploadSource source(Path file, boolean trickle, List<Long> opened) {
        return UploadSource.ranged(offset -> {
            opened.add(offset);
            InputStream in = UploadSource.of(file).open(offset);
            if (!trickle) {
                return in;
            }
            return new java.io.FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 1));
                }

                @Override
                public int available() {
                    return 0;
                }
            };
        });
    }

    /** Guards the test's own assumption: the default {@link UploadSource#open(long)} drops the bytes before. */
    @Test
    void theDefaultOffsetOpenStartsAtTheOffset() throws IOException {
        UploadSource plain = () -> new java.io.ByteArrayInputStream(bytes("abcdef"));
        try (InputStream in = plain.open(2)) {
            assertEquals("cdef", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
