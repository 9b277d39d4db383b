package dev.mssqlbulk.ingest;

import dev.mssqlbulk.sqlserver.ServerLimits;
import java.util.ArrayList;
import java.util.List;

/** How many rows go into a batch (one transaction) and into one multi-row statement. */
public final class BatchPlanner {

    private BatchPlanner() {}

    /** The requested batch size when given (> 0), else the instance's default, clamped to {@code [min, max]}. */
    public static int rowsPerBatch(Integer requested, int instanceDefault, int min, int max) {
        int size = requested == null || requested <= 0 ? instanceDefault : requested;
        return Math.max(min, Math.min(max, size));
    }

    /**
     * The most rows one multi-row statement may carry with {@code parametersPerRow} parameters each.
     *
     * @throws UploadRejected when a single row needs more parameters than a statement may bind
     */
    public static int rowsPerStatement(int parametersPerRow) {
        if (parametersPerRow < 1) {
            throw new IllegalArgumentException("a row needs at least one parameter, got " + parametersPerRow);
        }
        if (parametersPerRow > ServerLimits.PARAMETER_BUDGET) {
            throw new UploadRejected("a row of " + parametersPerRow + " values exceeds the "
                    + ServerLimits.PARAMETER_BUDGET + " parameters one statement may bind");
        }
        return Math.min(ServerLimits.MAX_ROWS_PER_VALUES, ServerLimits.PARAMETER_BUDGET / parametersPerRow);
    }

    /** {@code rows} cut into consecutive lists of {@code size} (the last may be shorter). */
    public static <T> List<List<T>> chunks(List<T> rows, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + size);
        }
        List<List<T>> chunks = new ArrayList<>((rows.size() + size - 1) / size);
        for (int from = 0; from < rows.size(); from += size) {
            chunks.add(List.copyOf(rows.subList(from, Math.min(rows.size(), from + size))));
        }
        return chunks;
    }
}
