package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.instance.WriteMode;
import dev.mssqlbulk.sqlserver.ServerIdentity;

/**
 * Whether an upload's rows go through the bulk-copy protocol, decided once per run from the instance's
 * {@link WriteMode}, the plan and what the server is. Update, delete and upsert always use statements: the
 * bulk-copy protocol can only insert.
 */
public final class BulkCopyChoice {

    private BulkCopyChoice() {}

    /** Whether this plan's rows go through the bulk-copy protocol on SQL Server. */
    public static boolean bulkCopies(WriteMode mode, WritePlan plan) {
        return bulkCopies(mode, plan, ServerIdentity.UNKNOWN);
    }

    /**
     * Whether this plan's rows go through the bulk-copy protocol on {@code server}: never into a column the driver
     * cannot carry, nor where the server is known not to bulk-load the table exactly (no silent corruption).
     *
     * @throws UploadRejected in {@link WriteMode#BULK_COPY} mode, for a create that bulk copy cannot write exactly
     */
    public static boolean bulkCopies(WriteMode mode, WritePlan plan, ServerIdentity server) {
        if (mode == WriteMode.BATCH || plan.action() != WriteAction.CREATE) {
            return false;
        }
        String flaw = flaw(plan, server);
        if (mode == WriteMode.AUTO) {
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
                if (column.hasDefault()
                        && column.writable()
                        && !column.identity()
                        && !plan.mapping().columns().contains(column)) {
                    return "cannot fill column '" + column.name() + "' with its default on this server: the upload "
                            + "leaves it out, and Babelfish's bulk load leaves such columns NULL";
                }
            }
        }
        return null;
    }
}
