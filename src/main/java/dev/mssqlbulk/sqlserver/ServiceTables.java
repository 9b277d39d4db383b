package dev.mssqlbulk.sqlserver;

import java.util.Set;

/**
 * The service's own tables in an instance's schema, which are never exposed as objects: the job status tables and
 * the transformations. Named here, not asked of their owners, so that the catalog depends on no feature package
 * ({@code job/ServiceTablesTest} checks that the names match the job store's).
 */
public final class ServiceTables {

    /** The transformations of the instance (see the {@code transform} package). */
    public static final String TRANSFORMATION_TABLE = "mssql_bulk_transformation";

    private static final Set<String> NAMES = Set.of("mssql_bulk_job", "mssql_bulk_job_error", "mssql_bulk_idempotency",
            TRANSFORMATION_TABLE);

    private ServiceTables() {
    }

    public static boolean isServiceTable(String name) {
        return NAMES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }
}
