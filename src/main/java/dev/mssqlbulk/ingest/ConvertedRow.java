package dev.mssqlbulk.ingest;

/** A source row after conversion: either values ready to bind, or the reason it cannot be written. */
public sealed interface ConvertedRow {

    /** The source row's 1-based data row number. */
    default long rowNumber() {
        return source().rowNumber();
    }

    /**
     * The row as read, for the failed-rows results and messages.
     *
     * @throws IllegalStateException for a {@link Bound} row, whose text was let go: read it again from the upload
     */
    SourceRow source();

    /** @param values one value per mapped column, in header order; null for SQL NULL */
    record Accepted(SourceRow source, Object[] values) implements ConvertedRow {}

    record Rejected(SourceRow source, RowError error) implements ConvertedRow {}

    /**
     * Values ready to bind of a row whose text was let go once converted ({@link RowConverter#bind}). A batch waits
     * in memory while the one before it is written; without the raw fields (the strings of every number and date) it
     * holds about half the heap, and every young collection copies half as much. Only a batch that can be read again
     * from the upload (it starts at a known byte offset) is held this way; if the server refuses it, it is read again,
     * with its text, to be decided row by row.
     *
     * @param rowNumber the source row's number, kept when its text is not (it overrides {@link #rowNumber()})
     * @param values    one value per mapped column, in header order; null for SQL NULL
     */
    record Bound(long rowNumber, Object[] values) implements ConvertedRow {
        @Override
        public SourceRow source() {
            throw new IllegalStateException(
                    "the text of row " + rowNumber + " was not kept; read the batch again from the upload");
        }
    }
}
