package dev.mssqlbulk.upload;

import dev.mssqlbulk.ingest.ConvertedRow;
import dev.mssqlbulk.ingest.IsolatingBatchRunner;
import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.ingest.SourceRow;
import dev.mssqlbulk.sqlserver.ServerFailures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows about to be committed, sorted into accepted values and failed rows: the errors of rows decided as failed
 * before these (by the server, alone) come first, then the rows refused by validation. Each error keeps its raw
 * record at the same position, for the failed-rows results.
 */
final class SortedRows {

    /** The rows with values to write ({@link ConvertedRow.Accepted} or {@link ConvertedRow.Bound}). */
    final List<ConvertedRow> accepted;

    final List<Object[]> values;
    final List<RowError> errors = new ArrayList<>();
    final List<Map<String, String>> records = new ArrayList<>();
    /** The last row number among them: the checkpoint once they are committed. */
    final long lastRow;

    SortedRows(
            List<String> header,
            List<ConvertedRow> rows,
            List<IsolatingBatchRunner.Failed<ConvertedRow>> failedBefore) {
        accepted = new ArrayList<>(rows.size());
        values = new ArrayList<>(rows.size());
        long last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).rowNumber();
        for (IsolatingBatchRunner.Failed<ConvertedRow> failed : failedBefore) {
            errors.add(new RowError(
                    failed.row().rowNumber(),
                    ServerFailures.errorNumber(failed.cause()),
                    ServerFailures.describe(failed.cause())));
            records.add(record(header, failed.row().source()));
            last = Math.max(last, failed.row().rowNumber());
        }
        for (ConvertedRow row : rows) {
            if (row instanceof ConvertedRow.Accepted a) {
                accepted.add(a);
                values.add(a.values());
            } else if (row instanceof ConvertedRow.Bound b) {
                accepted.add(b);
                values.add(b.values());
            } else if (row instanceof ConvertedRow.Rejected r) {
                errors.add(r.error());
                records.add(record(header, r.source()));
            }
        }
        lastRow = last;
    }

    /** A source row as the failed-rows results show it: each header name with the row's raw text. */
    static Map<String, String> record(List<String> header, SourceRow source) {
        Map<String, String> record = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            record.put(header.get(i), i < source.values().length ? source.values()[i] : null);
        }
        return record;
    }
}
