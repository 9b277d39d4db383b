package dev.mssqlbulk.ingest;

import dev.mssqlbulk.catalog.Column;
import java.util.List;

/**
 * Converts each field of a row to its column's type, checking the field count and NOT NULL. The first failing
 * column decides the row's error, whose message names the column and the reason. A row the reader has already
 * rejected ({@link SourceRow#rejection()}) fails with the reader's reason.
 */
public final class RowConverter {

    private final Column[] columns;
    private final ValueConverter[] converters;
    /** How each column is named in messages: {@code column 'x'}, or {@code field 'X' (column 'x')}. */
    private final String[] names;
    /** The same with the column's type: {@code column 'x' (int)}, or {@code field 'X' (column 'x', int)}. */
    private final String[] typedNames;

    public RowConverter(ColumnMapping mapping) {
        this(mapping, null);
    }

    /**
     * A converter whose messages name each value's field in the file as well as its column, for an upload through a
     * transformation.
     *
     * @param fieldNames the file's name of each mapped column, in the mapping's order; null when the file's names
     *                   are the columns' own
     */
    public RowConverter(ColumnMapping mapping, List<String> fieldNames) {
        List<Column> mapped = mapping.columns();
        this.columns = mapped.toArray(Column[]::new);
        this.converters = mapped.stream().map(ValueConverters::forColumn).toArray(ValueConverter[]::new);
        this.names = new String[columns.length];
        this.typedNames = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            String field = fieldNames != null && i < fieldNames.size() ? fieldNames.get(i) : null;
            String column = "column '" + columns[i].name() + "'";
            boolean renamed = field != null;
            names[i] = renamed ? "field '" + field + "' (" + column + ")" : column;
            typedNames[i] = renamed
                    ? "field '" + field + "' (" + column + ", " + columns[i].nativeType() + ")"
                    : column + " (" + columns[i].nativeType() + ")";
        }
    }

    /** The row's values, or why it cannot be written; either way with the row's text. */
    public ConvertedRow convert(SourceRow row) {
        return convert(row, true);
    }

    /**
     * As {@link #convert}, but an accepted row keeps only its values ({@link ConvertedRow.Bound}); a rejected row keeps
     * its text, which its error shows.
     */
    public ConvertedRow bind(SourceRow row) {
        return convert(row, false);
    }

    private ConvertedRow convert(SourceRow row, boolean keepText) {
        if (row.rejection() != null) {
            return reject(row, row.rejection());
        }
        String[] raw = row.values();
        if (raw.length != columns.length) {
            return reject(row, "row has " + raw.length + " values; the header has " + columns.length);
        }
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            Column column = columns[i];
            try {
                values[i] = converters[i].convert(raw[i]);
            } catch (ValueRejected e) {
                return reject(row, typedNames[i] + ": " + e.getMessage());
            }
            if (values[i] == null && !column.nullable()) {
                return reject(row, names[i] + " does not allow nulls");
            }
        }
        return keepText ? new ConvertedRow.Accepted(row, values) : new ConvertedRow.Bound(row.rowNumber(), values);
    }

    private static ConvertedRow reject(SourceRow row, String message) {
        return new ConvertedRow.Rejected(row, RowError.validation(row.rowNumber(), message));
    }
}
