package dev.mssqlbulk.instance;

/**
 * How an instance's {@code create} uploads reach the table ({@code mssql-bulk.instances.<name>.write-mode}).
 * Update, delete and upsert always use statements: the bulk-copy protocol can only insert. What each mode decides
 * for an upload is {@code write.BulkCopyChoice}'s business.
 */
public enum WriteMode {

    /** Bulk copy for creates into a base table whose columns it carries; prepared statements otherwise. */
    AUTO,
    /** Bulk copy for every create; an upload whose columns it cannot carry is refused. */
    BULK_COPY,
    /** Prepared statements only. */
    BATCH;
}
