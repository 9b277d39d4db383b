package dev.mssqlbulk.sqlserver;

import java.util.Set;

/**
 * The service's own tables in an instance's schema, which are never exposed as objects: the job status tables and
 * the transformations. Named here, not by their owners, so that the catalog depends on no feature package.
 */
public final class ServiceTables {

    /** One row per job, with its checkpoint (see the {@code job} package). */
    public static final String JOB_TABLE = "mssql_bulk_job";
    /** One row per failed row of a job. */
    public static final String JOB_ERROR_TABLE = "mssql_bulk_job_error";
    /** One row per idempotency key a client used. */
    public static final String IDEMPOTENCY_TABLE = "mssql_bulk_idempotency";
    /** The transformations of the instance (see the {@code transform} package). */
    public static final String TRANSFORMATION_TABLE = "mssql_bulk_transformation";

    private static final Set<String> NAMES =
            Set.of(JOB_TABLE, JOB_ERROR_TABLE, IDEMPOTENCY_TABLE, TRANSFORMATION_TABLE);

    private ServiceTables() {}

    public static boolean isServiceTable(String name) {
        return NAMES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }
}
