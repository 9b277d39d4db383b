package dev.mssqlbulk.upload;

import dev.mssqlbulk.ingest.ConvertedRow;
import dev.mssqlbulk.ingest.ResumePoint;
import java.util.List;

/**
 * A batch as read from the upload.
 *
 * @param rows      its rows, converted
 * @param requested the rows it had room for (its byte bound or the file's end may cut it short)
 * @param start     where a reader can start to read the same rows again, when its accepted rows let their text go
 *                  ({@link ConvertedRow.Bound}); null when they keep it
 * @param after     where the record after its last row starts in the upload; null when not known
 */
record Batch(List<ConvertedRow> rows, int requested, ResumePoint start, ResumePoint after) {

    /** Whether its accepted rows let their text go, to be read again from {@link #start} when needed. */
    boolean textLetGo() {
        return start != null;
    }

    /** The same batch, its rows read again with their text. */
    Batch withText(List<ConvertedRow> rowsWithText) {
        return new Batch(rowsWithText, requested, null, after);
    }
}
