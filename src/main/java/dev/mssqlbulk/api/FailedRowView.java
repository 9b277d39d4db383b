package dev.mssqlbulk.api;

import dev.mssqlbulk.job.FailedRows.FailedRow;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/** One item of {@code GET /bulk/{id}/errors}. */
@RegisterForReflection
public record FailedRowView(long row, Map<String, String> record, int errorCode, String status) {

    static FailedRowView of(FailedRow failed) {
        return new FailedRowView(
                failed.rowNumber(), failed.record(), failed.errorCode(), failed.errorCode() + ": " + failed.message());
    }
}
