package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.sqlserver.ServerIdentity;


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

    /** Whether this plan's rows go through the bulk-copy protocol on SQL Server. */
    public boolean bulkCopies(WritePlan plan) {
        return bulkCopies(plan, ServerIdentity.UNKNOWN);
    }

    /**
     * Whether this plan's rows go through the bulk-copy protocol on {@code server}: never into a column the driver
     * cannot carry, nor where the server is known not to bulk-load the table exactly (no silent corruption).
     *
     * @throws UploadRejected in {@link #BULK_COPY} mode, for a create that bulk copy cannot write exactly
     */
    public boolean bulkCopies(WritePlan plan, ServerIdentity server) {
        if (this == BATCH || plan.action() != WriteAction.CREATE) {
            return false;
        }
        String flaw = flaw(plan, server);
        if (this == AUTO) {
            return flaw == null && !plan.table().view();
        }
        if (flaw != null) {
            throw new UploadRejected("this instance writes with bulk copy, which " + flaw);
        }
        return true;
    }

    /** Why bulk copy would not write this plan exactly, or null. */
    private static String flaw(WritePlan plan, ServerIdentity server) {
        for (Column column : plan.mapping().columns()) {
            if (!BulkCopyValues.carries(column)) {
                return "cannot carry column '" + column.name() + "' of type " + column.dataType();
            }
            String serverFlaw = server.bulkLoadFlaw(column.dataType());
            if (serverFlaw != null) {
                return "cannot write column '" + column.name() + "' exactly on this server: " + serverFlaw;
            }
        }
        if (!server.bulkLoadAppliesDefaults()) {
            for (Column column : plan.table().columns()) {
                if (column.hasDefault() && column.writable() && !column.identity()
                        && !plan.mapping().columns().contains(column)) {
                    return "cannot fill column '" + column.name() + "' with its default on this server: the upload "
                            + "leaves it out, and Babelfish's bulk load leaves such columns NULL";
                }
            }
        }
        return null;
    }
}
