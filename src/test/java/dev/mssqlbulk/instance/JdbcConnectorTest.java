package dev.mssqlbulk.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcConnectorTest {

    /** An instance's configuration as the mapping would give it, with only what the connector reads set. */
    private static BulkConfig.InstanceConfig config(String url, Map<String, String> jdbcProperties) {
        return new BulkConfig.InstanceConfig() {
            public String elementToken() {
                return "t";
            }

            public List<String> userSecrets() {
                return List.of("s");
            }

            public String url() {
                return url;
            }

            public String username() {
                return "loader";
            }

            public String password() {
                return "p;w=d";
            }

            public String schema() {
                return "dbo";
            }

            public Optional<List<String>> tableNames() {
                return Optional.empty();
            }

            public boolean includeViews() {
                return false;
            }

            public int bulkUploadRecordSize() {
                return 500;
            }

            public int maxConcurrentJobs() {
                return 2;
            }

            public int maxQueuedJobs() {
                return 50;
            }

            public io.quarkus.runtime.configuration.MemorySize maxStagedBytes() {
                return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(1L << 30));
            }

            public int maxStagedJobs() {
                return 1000;
            }

            public int poolSize() {
                return 8;
            }

            public WriteMode writeMode() {
                return WriteMode.AUTO;
            }

            public Duration bulkCopyTimeout() {
                return Duration.ofMinutes(10);
            }

            public Duration statementTimeout() {
                return Duration.ofMinutes(2);
            }

            public Map<String, String> jdbcProperties() {
                return jdbcProperties;
            }

            public Optional<String> signatureKey() {
                return Optional.empty();
            }
        };
    }

    @Test
    void theInstanceUrlBecomesAJdbcAddressWithTheBulkCopyDefaults() {
        JdbcConnector connector = new JdbcConnector(config("sqlserver://db.example:1444/sales", Map.of()));
        Properties properties = connector.properties();
        assertEquals("jdbc:sqlserver://db.example:1444", connector.url());
        assertEquals("sales", properties.getProperty("databaseName"));
        assertEquals("false", properties.getProperty("sendTemporalDataTypesAsStringForBulkCopy"));
        assertEquals("true", properties.getProperty("cacheBulkCopyMetadata"));
        assertEquals("false", properties.getProperty("encrypt"));
        assertEquals("120", properties.getProperty("queryTimeout"), "statements wait statement-timeout at most");
        assertEquals(
                String.valueOf(12 * 60 * 1000),
                properties.getProperty("socketTimeout"),
                "no read outlives a bulk copy and a statement");
        assertEquals("loader", properties.getProperty("user"));
        assertEquals("p;w=d", properties.getProperty("password"), "credentials travel as properties, not in the URL");
    }

    @Test
    void jdbcPropertiesOverrideTheDefaultsButNotTheCredentials() {
        JdbcConnector connector = new JdbcConnector(config(
                "sqlserver://db.example/sales",
                Map.of("encrypt", "true", "trustServerCertificate", "true", "user", "someone-else")));
        Properties properties = connector.properties();
        assertEquals("jdbc:sqlserver://db.example:1433", connector.url());
        assertEquals("true", properties.getProperty("encrypt"));
        assertEquals("true", properties.getProperty("trustServerCertificate"));
        assertEquals("loader", properties.getProperty("user"));
    }
}
