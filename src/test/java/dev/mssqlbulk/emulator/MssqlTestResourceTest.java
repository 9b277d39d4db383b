package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.TestServer;
import io.vertx.mssqlclient.MSSQLConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MssqlTestResourceTest extends EmulatorTestSupport {

    @Test
    void startConfiguresTwoInstancesOnOneServerAndStopReleasesIt() throws Exception {
        MssqlTestResource resource = new MssqlTestResource();
        Map<String, String> config = resource.start();
        try {
            assertTrue(config.get("mssql-bulk.instances.test.url").startsWith("sqlserver://"));
            assertEquals(config.get("mssql-bulk.instances.test.url"), config.get("mssql-bulk.instances.other.url"));
            assertEquals("test-element-token", config.get("mssql-bulk.instances.test.element-token"));
            assertEquals("test-user-secret", config.get("mssql-bulk.instances.test.user-secrets"));
            assertEquals("other-element-token", config.get("mssql-bulk.instances.other.element-token"));
            assertEquals("other-user-secret", config.get("mssql-bulk.instances.other.user-secrets"));
            assertEquals("other_*", config.get("mssql-bulk.instances.other.table-names"));
            assertEquals(
                    TestServer.realServer().isEmpty(),
                    MssqlTestResource.emulator().isPresent());
            MSSQLConnection c = connect(MssqlTestResource.connectOptions());
            try {
                assertEquals(1, sql(c, "SELECT 1 AS one").iterator().next().getInteger(0));
            } finally {
                await(c.close());
            }
        } finally {
            resource.stop();
        }
    }

    @Test
    void schemaScriptsSplitOnGoLines() {
        assertEquals(
                List.of("CREATE TABLE a (x INT)\n", "SELECT 1\n"),
                MssqlTestResource.splitOnGo("CREATE TABLE a (x INT)\nGO\nSELECT 1\nGO\n"));
    }

    @Test
    void initScriptsRunAtStart() throws Exception {
        Path script = Path.of(MssqlTestResourceTest.class
                .getClassLoader()
                .getResource("emulator/example-init.sql")
                .toURI());
        try (MssqlEmulator emulator = MssqlEmulator.start(
                EmulatorOptions.defaults().withDatabase("bulkdb").withInitScript(script))) {
            assertEquals("sqlserver://127.0.0.1:" + emulator.port() + "/bulkdb", emulator.url());
            MSSQLConnection c = connect(TestServer.optionsFor(emulator));
            try {
                assertEquals(
                        2,
                        sql(c, "SELECT COUNT(*) FROM [dbo].[emulator_example]")
                                .iterator()
                                .next()
                                .getInteger(0));
                assertEquals(
                        "bulkdb", sql(c, "SELECT DB_NAME()").iterator().next().getString(0));
            } finally {
                await(c.close());
            }
        }
    }
}
