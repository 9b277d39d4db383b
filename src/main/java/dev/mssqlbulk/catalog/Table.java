package dev.mssqlbulk.catalog;

import dev.mssqlbulk.sqlserver.SqlNames;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A table (or view) of an instance's schema with its columns in ordinal order. */
public record Table(String schema, String name, boolean view, List<Column> columns) {

    public Table {
        columns = List.copyOf(columns);
    }

    /** Finds a column the way SQL Server's default collation does: case-insensitively. */
    public Optional<Column> column(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return columns.stream()
                .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    public List<Column> primaryKey() {
        return columns.stream().filter(Column::primaryKey).toList();
    }

    /** The bracket-quoted two-part name, e.g. {@code [dbo].[contact]}. */
    public String quotedName() {
        return SqlNames.quote(schema) + "." + SqlNames.quote(name);
    }
}
