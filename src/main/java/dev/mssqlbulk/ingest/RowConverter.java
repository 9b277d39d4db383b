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

    public RowConverter(ColumnMapping mapping) {
        List<Column> mapped = mapping.columns();
        this.columns = mapped.toArray(Column[]::new);
        this.converters = mapped.stream().map(ValueConverters::forColumn).toArray(ValueConverter[]::new);
    }

    public ConvertedRow convert(SourceRow row) {
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
                return reject(row, "column '" + column.name() + "' (" + column.nativeType() + "): " + e.getMessage());
            }
            if (values[i] == null && !column.nullable()) {
                return reject(row, "column '" + column.name() + "' does not allow nulls");
            }
        }
        return new ConvertedRow.Accepted(row, values);
    }

    private static ConvertedRow reject(SourceRow row, String message) {
        return new ConvertedRow.Rejected(row, RowError.validation(row.rowNumber(), message));
    }
}
