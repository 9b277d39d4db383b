package dev.mssqlbulk.job;

import dev.mssqlbulk.sqlserver.ServiceTables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog hides exactly the service's own tables, whose names it keeps apart from the job store. */
class ServiceTablesTest {

    @ParameterizedTest
    @ValueSource(strings = {JobStore.JOB_TABLE, JobStore.ERROR_TABLE, JobStore.IDEMPOTENCY_TABLE,
            ServiceTables.TRANSFORMATION_TABLE, "MSSQL_BULK_JOB"})
    void theServicesOwnTablesAreHidden(String name) {
        assertTrue(ServiceTables.isServiceTable(name), name);
        assertEquals(JobStore.isStatusTable(name) || name.equalsIgnoreCase(ServiceTables.TRANSFORMATION_TABLE),
                ServiceTables.isServiceTable(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact", "mssql_bulk_jobs", "mssql_bulk"})
    void otherTablesAreNot(String name) {
        assertFalse(ServiceTables.isServiceTable(name), name);
    }
}
