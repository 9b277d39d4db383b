package dev.mssqlbulk.upload;

import java.time.Duration;

/**
 * How much of an upload the next batch takes. Adaptive: the first batch is small, so a job shows progress at once;
 * a batch that committed clean in less than half the target time doubles the next; one slower than the target
 * shrinks it in proportion; one with failed rows halves it, because a refused batch is decided again row by row
 * and a smaller one around bad rows costs less. Fixed: the client's {@code bulkUploadRecordSize}. Either way a
 * batch stops at {@code maxBytes} of upload text, however few rows that is (at least one), so that wide rows
 * cannot exhaust the heap. No database in here: the run reports each batch's outcome.
 */
final class BatchSizer {

    private final boolean adaptive;
    private final int minRows;
    private final int maxRows;
    private final long maxBytes;
    private final long targetNanos;
    private int rows;

    private BatchSizer(boolean adaptive, int initialRows, int maxRows, long maxBytes, Duration target) {
        this.adaptive = adaptive;
        this.minRows = 1;
        this.maxRows = Math.max(1, maxRows);
        this.rows = Math.max(1, Math.min(initialRows, this.maxRows));
        this.maxBytes = Math.max(1, maxBytes);
        this.targetNanos = Math.max(1, target.toNanos());
    }

    /** Batches that follow the committed outcomes, from {@code initialRows} up to {@code maxRows}. */
    static BatchSizer adaptive(int initialRows, int maxRows, long maxBytes, Duration target) {
        return new BatchSizer(true, initialRows, maxRows, maxBytes, target);
    }

    /** Batches of {@code rows} rows each, as the client asked. */
    static BatchSizer fixed(int rows, long maxBytes) {
        return new BatchSizer(false, rows, rows, maxBytes, Duration.ofSeconds(1));
    }

    /** Rows the next batch may take. */
    int rows() {
        return rows;
    }

    /** Bytes of upload text the next batch may take; the row that reaches them is its last. */
    long maxBytes() {
        return maxBytes;
    }

    /**
     * A batch read with room for {@code requestedRows} rows held {@code batchRows} (fewer when its byte bound or the
     * file's end cut it short) and committed in {@code took}, {@code failedRows} of them failed. Batches are read
     * one ahead of the one being written, so an outcome may arrive after the size has moved on: each rule applies to
     * the size the batch was read with.
     */
    void committed(int requestedRows, int batchRows, int failedRows, Duration took) {
        if (!adaptive) {
            return;
        }
        long nanos = Math.max(1, took.toNanos());
        if (failedRows > 0) {
            rows = Math.max(minRows, Math.min(rows, requestedRows / 2));
        } else if (nanos > targetNanos) {
            int slower = (int) Math.max(requestedRows / 2, requestedRows * (double) targetNanos / nanos);
            rows = Math.max(minRows, Math.min(rows, slower));
        } else if (nanos < targetNanos / 2 && batchRows >= requestedRows) {
            rows = (int) Math.min(maxRows, Math.max(rows, requestedRows * 2L));
        }
    }
}
