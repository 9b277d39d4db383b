package dev.mssqlbulk.sqlserver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The catalog hides exactly the service's own tables, whatever the case of the name. */
class ServiceTablesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mssql_bulk_job",
                "mssql_bulk_job_error",
                "mssql_bulk_idempotency",
                "mssql_bulk_transformation",
                "MSSQL_BULK_JOB"
            })
    void theServicesOwnTablesAreHidden(String name) {
        assertTrue(ServiceTables.isServiceTable(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "mssql_bulk_jobs", "mssql_bulk"})
    void otherTablesAreNot(String name) {
        assertFalse(ServiceTables.isServiceTable(name), name);
    }
}
