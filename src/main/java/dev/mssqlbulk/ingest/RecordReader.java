package dev.mssqlbulk.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Reads an upload record by record, streaming: the file is never held in memory. */
public interface RecordReader extends Closeable {

    /** The column names of the upload, trimmed; empty when the upload has no header. */
    List<String> header();

    /**
     * The next data row, or {@code null} at the end.
     *
     * @throws MalformedInputException when the input cannot be read as records from here on
     */
    SourceRow next() throws IOException;

    /**
     * Passes over up to {@code n} data rows, e.g. to resume after a checkpoint; row numbers stay absolute.
     *
     * @return the number of rows skipped (less than {@code n} only at the end of the input)
     */
    default long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && next() != null) {
            skipped++;
        }
        return skipped;
    }

    /**
     * Where reading could start again after the last row returned or skipped (after the header before the first),
     * without reading anything before it; null when that is not known, e.g. in a JSON array, whose elements cannot
     * be read on their own, or when the reader lost track in an extremely long record.
     */
    default ResumePoint resumePoint() {
        return null;
    }
}
