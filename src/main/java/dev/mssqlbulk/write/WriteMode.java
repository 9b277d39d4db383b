package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.ingest.UploadRejected;

import java.util.List;

/**
 * How an instance's {@code create} uploads reach the table ({@code mssql-bulk.instances.<name>.write-mode}).
 * Update, delete and upsert always use statements: the bulk-copy protocol can only insert.
 */
public enum WriteMode {

    /** Bulk copy for creates into a base table whose columns it carries; prepared statements otherwise. */
    AUTO,
    /** Bulk copy for every create; an upload whose columns it cannot carry is refused. */
    BULK_COPY,
    /** Prepared statements only. */
    BATCH;

    /**
     * Whether this plan's rows go through the bulk-copy protocol.
     *
     * @throws UploadRejected in {@link #BULK_COPY} mode, for a create that bulk copy cannot carry
     */
    public boolean bulkCopies(WritePlan plan) {
        if (this == BATCH || plan.action() != WriteAction.CREATE) {
            return false;
        }
        List<Column> uncarried = plan.mapping().columns().stream().filter(c -> !BulkCopyValues.carries(c)).toList();
        if (this == AUTO) {
            return uncarried.isEmpty() && !plan.table().view();
        }
        if (!uncarried.isEmpty()) {
            throw new UploadRejected("this instance writes with bulk copy, which cannot carry column '"
                    + uncarried.get(0).name() + "' of type " + uncarried.get(0).dataType());
        }
        return true;
    }
}
