package dev.mssqlbulk.ingest;

/** A source row after conversion: either values ready to bind, or the reason it cannot be written. */
public sealed interface ConvertedRow {

    SourceRow source();

    /** The source row's 1-based data row number. */
    default long rowNumber() {
        return source().rowNumber();
    }

    /** @param values one value per mapped column, in header order; null for SQL NULL */
    record Accepted(SourceRow source, Object[] values) implements ConvertedRow {}

    record Rejected(SourceRow source, RowError error) implements ConvertedRow {}
}
