package dev.mssqlbulk.emulator.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The INSERT BULK statement that announces a BulkLoadBCP message (what SQLServerBulkCopy and bcp send first):
 * {@code INSERT BULK table ([col] TYPE [COLLATE name] , ...) [WITH (CHECK_CONSTRAINTS, FIRE_TRIGGERS, KEEP_NULLS,
 * KEEP_IDENTITY, TABLOCK, ROWS_PER_BATCH = n, KILOBYTES_PER_BATCH = n, ORDER (...))]}. The column types in the
 * statement describe the stream, which describes itself again in its COLMETADATA; the emulator takes the column names
 * and the options from here and the value types from the stream.
 */
final class InsertBulk {
    /** What the next bulk load inserts into: the table, its columns in stream order, the options. */
    record Target(
            TableName table,
            Catalog.TableMeta meta,
            List<Catalog.ColumnMeta> columns,
            boolean keepNulls,
            boolean keepIdentity,
            boolean checkConstraints,
            int defaultableColumns) {
        Target(
                TableName table,
                Catalog.TableMeta meta,
                List<Catalog.ColumnMeta> columns,
                boolean keepNulls,
                boolean keepIdentity,
                boolean checkConstraints) {
            this(table, meta, columns, keepNulls, keepIdentity, checkConstraints, columns.size());
        }
    }

    private InsertBulk() {}

    /** Parses and checks INSERT BULK (t are the significant tokens); 208 for a missing table, 207 for a column. */
    static Target parse(List<Token> t, Catalog catalog) throws SqlServerError {
        int[] end = new int[1];
        if (t.size() < 3) {
            throw SqlServerError.syntax("BULK");
        }
        TableName table = TableName.read(t, 2, end);
        Catalog.TableMeta meta = catalog.table(table.schema(), table.name());
        if (meta == null || meta.view()) {
            throw SqlServerError.invalidObject(table.name());
        }
        int open = end[0];
        List<Catalog.ColumnMeta> columns = new ArrayList<>();
        int after = open;
        if (open < t.size() && t.get(open).isSymbol("(")) {
            int close = Rewriter.matchParen(t, open);
            if (close < 0) {
                throw SqlServerError.syntax(t.get(t.size() - 1).text());
            }
            for (List<Token> element : DdlTranslator.elements(t, open + 1, close)) {
                String name = element.get(0).name();
                Catalog.ColumnMeta column = meta.column(name);
                if (column == null) {
                    throw new SqlServerError(207, 1, 16, "Invalid column name '" + name + "'.");
                }
                columns.add(column);
            }
            after = close + 1;
        } else {
            columns.addAll(meta.columns());
        }
        boolean keepNulls = false;
        boolean keepIdentity = false;
        boolean checkConstraints = false;
        if (after < t.size()
                && t.get(after).is("WITH")
                && after + 1 < t.size()
                && t.get(after + 1).isSymbol("(")) {
            int close = Rewriter.matchParen(t, after + 1);
            for (int i = after + 2; i < close; i++) {
                switch (t.get(i).keyword()) {
                    case "KEEP_NULLS" -> keepNulls = true;
                    case "KEEP_IDENTITY" -> keepIdentity = true;
                    case "CHECK_CONSTRAINTS" -> checkConstraints = true;
                    default -> {
                        // FIRE_TRIGGERS (no triggers here), TABLOCK, ROWS_PER_BATCH, KILOBYTES_PER_BATCH, ORDER:
                        // accepted
                    }
                }
            }
        }
        return new Target(table, meta, columns, keepNulls, keepIdentity, checkConstraints);
    }
}
