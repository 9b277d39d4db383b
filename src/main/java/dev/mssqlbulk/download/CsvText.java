package dev.mssqlbulk.download;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Records as RFC 4180 CSV text (CRLF line ends, quotes where needed; a null field is empty). */
public final class CsvText {

    private CsvText() {}

    public static String of(List<List<String>> records) {
        StringWriter out = new StringWriter();
        try (CsvWriter writer = CsvWriter.builder().build(out)) {
            records.forEach(writer::writeRecord);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
