package dev.mssqlbulk.catalog;

import dev.mssqlbulk.job.JobStore;

/** The service's own tables in an instance's schema, which are never exposed as objects. */
public final class ServiceTables {

    /** The transformations of the instance (see the {@code transform} package). */
    public static final String TRANSFORMATION_TABLE = "mssql_bulk_transformation";

    private ServiceTables() {
    }

    public static boolean isServiceTable(String name) {
        return JobStore.isStatusTable(name) || name.equalsIgnoreCase(TRANSFORMATION_TABLE);
    }
}
