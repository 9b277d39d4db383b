package dev.mssqlbulk.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.callback.CallbackConfig;
import dev.mssqlbulk.instance.BulkConfig;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The configuration keys read from the application's mapping interfaces, and their environment-variable form. */
class ConfigKeysTest {

    private final ConfigKeys keys = ConfigKeys.of(BulkConfig.class, CallbackConfig.class);

    @Test
    void readsKeysFromTheMappingInterfaces() {
        Set<String> patterns = keys.keys().stream().map(ConfigKeys.Key::pattern).collect(Collectors.toSet());
        assertTrue(
                patterns.containsAll(Set.of(
                        "mssql-bulk.staging-directory",
                        "mssql-bulk.max-upload-size",
                        "mssql-bulk.node-id",
                        "mssql-bulk.job-lease",
                        "mssql-bulk.batch.min-size",
                        "mssql-bulk.retry.max-backoff",
                        "mssql-bulk.callback.timeout",
                        "mssql-bulk.callback.allowed-hosts",
                        "mssql-bulk.instances.*.element-token",
                        "mssql-bulk.instances.*.user-secrets",
                        "mssql-bulk.instances.*.bulk-upload-record-size",
                        "mssql-bulk.instances.*.signature-key")),
                patterns.toString());
        Set<String> required = keys.keys().stream()
                .filter(ConfigKeys.Key::required)
                .map(ConfigKeys.Key::pattern)
                .collect(Collectors.toSet());
        assertTrue(required.contains("mssql-bulk.instances.*.url"), required.toString());
        assertTrue(!required.contains("mssql-bulk.instances.*.schema"), "schema has a default");
        assertTrue(!required.contains("mssql-bulk.instances.*.signature-key"), "signature-key is optional");
    }

    @Test
    void mapsEnvironmentNamesTheSmallRyeWay() {
        assertEquals(
                "mssql-bulk.instances.*.element-token",
                keys.match("MSSQL_BULK_INSTANCES_SALES_ELEMENT_TOKEN")
                        .orElseThrow()
                        .key()
                        .pattern());
        assertEquals(
                "SALES",
                keys.match("MSSQL_BULK_INSTANCES_SALES_ELEMENT_TOKEN")
                        .orElseThrow()
                        .mapKey());
        assertEquals(
                "EU_SALES",
                keys.match("MSSQL_BULK_INSTANCES_EU_SALES_URL").orElseThrow().mapKey());
        assertEquals(
                "mssql-bulk.callback.max-backoff",
                keys.match("MSSQL_BULK_CALLBACK_MAX_BACKOFF")
                        .orElseThrow()
                        .key()
                        .pattern());
        assertEquals(
                "mssql-bulk.retry.max-backoff",
                keys.match("MSSQL_BULK_RETRY_MAX_BACKOFF").orElseThrow().key().pattern());
        assertTrue(keys.match("MSSQL_BULK_STAGING_DIR").isEmpty());
        assertTrue(keys.match("MSSQL_BULK_INSTANCES_SALES_PASWORD").isEmpty());
        assertTrue(keys.match("MSSQL_BULK_INSTANCES_SALES").isEmpty());
        assertTrue(keys.match("MSSQL_BULK_CALLBACK_RETRIES").isEmpty());
        assertEquals("MSSQL_BULK_JOB_LEASE", ConfigKeys.envName("mssql-bulk.job-lease"));
    }
}
