package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.emulator.sql.ServerQuirks;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.Management;
import dev.mssqlbulk.testing.Metrics;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service on a server that is not SQL Server and does not behave like it where it matters: the emulator
 * behaves like Babelfish for PostgreSQL 4.2 as issue 11 reported it (a bulk load that opens no implicit transaction,
 * a failed bulk load that poisons its connection for the next one, errors that all come back as 33557097, MERGE
 * refused, bulk loads that store some types wrongly). Each promise still holds: every row exactly once, only bad
 * rows fail, upserts work, nothing is silently stored wrong.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class BabelfishBehaviourTest {

    private MssqlEmulator emulator;

    @BeforeEach
    void babelfish() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's quirks");
        emulator = MssqlTestResource.emulator().get();
        Sql.execute("IF OBJECT_ID('dbo.bf_contact') IS NULL CREATE TABLE [dbo].[bf_contact] ([id] INT NOT NULL "
                + "CONSTRAINT [PK_bf_contact] PRIMARY KEY, [name] NVARCHAR(50) NOT NULL, [qty] INT NOT NULL "
                + "CONSTRAINT [CK_bf_contact_qty] CHECK ([qty] >= 0))");
        Sql.execute(
                "IF OBJECT_ID('dbo.bf_log') IS NULL CREATE TABLE [dbo].[bf_log] ([id] INT NOT NULL, [note] NVARCHAR(50) NULL)");
        Sql.execute(
                "IF OBJECT_ID('dbo.bf_typed') IS NULL CREATE TABLE [dbo].[bf_typed] ([id] INT NOT NULL PRIMARY KEY, "
                        + "[guid] UNIQUEIDENTIFIER NULL, [code] CHAR(5) NULL)");
        Sql.execute(
                "IF OBJECT_ID('dbo.bf_defaults') IS NULL CREATE TABLE [dbo].[bf_defaults] ([id] INT NOT NULL PRIMARY KEY, "
                        + "[status] NVARCHAR(10) NOT NULL CONSTRAINT [DF_bf_defaults_status] DEFAULT 'new')");
        for (String table : List.of("bf_contact", "bf_log", "bf_typed", "bf_defaults")) {
            Sql.execute("DELETE FROM [dbo].[" + table + "]");
        }
    }

    @AfterEach
    void sqlServerAgain() {
        if (emulator != null) {
            emulator.quirks().reset();
            emulator.faults().reset();
            // the next scan reads the server again; until then the instance must not think it is Babelfish
            Management.request().get("/health/ready");
        }
    }

    private static String rows(int from, int to, Set<Integer> bad) {
        StringBuilder csv = new StringBuilder("id,name,qty\n");
        for (int i = from; i <= to; i++) {
            csv.append(
                            bad.contains(i)
                                    ? (i % 2 == 0 ? i + ",negative," + (-i) : (i - 1) + ",duplicate," + i)
                                    : i + ",name " + i + "," + i)
                    .append('\n');
        }
        return csv.toString();
    }

    @Test
    void aBatchCommitsWithItsCheckpointEvenWhereABulkLoadOpensNoTransaction() {
        // Without a primary key a batch written twice would be silent duplicates: count them.
        emulator.quirks().bulkLoadOpensNoTransaction(true);
        StringBuilder csv = new StringBuilder("id,note\n");
        for (int i = 1; i <= 60; i++) {
            csv.append(i).append(",note ").append(i).append('\n');
        }
        double bulkCopied = Metrics.rowsCreated("test", "bulk-copy");
        // the connection dies inside the third batch's bulk load after its rows are in: they must not stay
        emulator.faults().dropConnectionAtBulkLoad(3, true);
        String id = Api.upload("bf_log", csv.toString(), "{\"bulkUploadRecordSize\":10}");
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(60))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(60, Sql.count("[dbo].[bf_log]"));
        assertEquals(
                60,
                Sql.query("SELECT COUNT(DISTINCT [id]) AS n FROM [dbo].[bf_log]")
                        .get(0)
                        .getInteger("n"));
        assertEquals(bulkCopied + 60, Metrics.rowsCreated("test", "bulk-copy"), "every batch was bulk-copied");
    }

    @Test
    void onlyTheBadRowsFailWhenAFailedBulkLoadPoisonsItsConnectionAndErrorsComeBackUnknown() {
        emulator.quirks().poisonAfterFailedBulkLoad(true).reportUnknownNumbers(true);
        Set<Integer> bad = Set.of(7, 150, 153, 498, 733, 1000);
        String id = Api.upload("bf_contact", rows(1, 1000, bad), "{\"bulkUploadRecordSize\":100}");
        Api.awaitEnd(id, Duration.ofSeconds(120))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(994))
                .body("recordsFailedCount", equalTo(6));
        List<Map<String, Object>> errors = Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/errors?pageSize=100")
                .jsonPath()
                .getList("$");
        assertEquals(
                List.of(7, 150, 153, 498, 733, 1000),
                errors.stream().map(e -> (Integer) e.get("row")).toList());
        assertTrue(
                errors.stream().allMatch(e -> (Integer) e.get("errorCode") == ServerQuirks.UNKNOWN_ERROR),
                errors.toString());
        assertEquals(994, Sql.count("[dbo].[bf_contact]"));
    }

    @Test
    void anUnknownErrorThatEveryRowMeetsEndsTheJobWithItsMessageAndFailsNoRow() {
        emulator.quirks().reportUnknownNumbers(true);
        StringBuilder csv = new StringBuilder("id,name,qty\n");
        for (int i = 1; i <= 20; i++) {
            csv.append(i).append(",n,").append(-i).append('\n'); // every row breaks the CHECK, reported as unknown
        }
        String id = Api.upload("bf_contact", csv.toString(), null);
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("ERROR"))
                .body("recordsFailedCount", equalTo(0))
                .body("recordsSucceededCount", equalTo(0))
                .body("recordsUnprocessedCount", equalTo(20))
                .body("statusMessage", containsString("refused every row"))
                .body("statusMessage", containsString("CK_bf_contact_qty"));
        assertEquals(0, Sql.count("[dbo].[bf_contact]"));
    }

    @Test
    void upsertWorksWhereMergeIsRefused() {
        emulator.quirks().refuseMerge(true);
        Sql.execute("INSERT INTO [dbo].[bf_contact] ([id], [name], [qty]) VALUES (1, 'old', 1), (2, 'old', 2)");
        String id = Api.upload(
                "bf_contact", "id,name,qty\n1,new,10\n3,added,3\n3,again,4\n2,bad,-2\n", "{\"action\":\"upsert\"}");
        Api.awaitEnd(id, Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(3))
                .body("recordsFailedCount", equalTo(1));
        assertEquals(
                "1:new:10 2:old:2 3:again:4",
                Sql.query("SELECT * FROM [dbo].[bf_contact] ORDER BY [id]").stream()
                        .map(r -> r.getInteger("id") + ":" + r.getString("name") + ":" + r.getInteger("qty"))
                        .reduce((a, b) -> a + " " + b)
                        .orElse(""));
    }

    @Test
    void tablesBabelfishWouldBulkLoadWronglyAreWrittenWithStatementsAndStoredExactly() {
        emulator.quirks().babelfish(true);
        Management.request().get("/health/ready").then().body(containsString("Babelfish"));
        double statements = Metrics.rowsCreated("test", "batch");
        String guid = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
        Api.awaitEnd(Api.upload("bf_typed", "id,guid,code\n1," + guid + ",ab\n", null), Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(1));
        Api.awaitEnd(Api.upload("bf_defaults", "id\n1\n", null), Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(1));
        assertEquals(statements + 2, Metrics.rowsCreated("test", "batch"), "both went through statements");
        var typed = Sql.query("SELECT CAST([guid] AS NVARCHAR(36)) AS g, [code] FROM [dbo].[bf_typed]")
                .get(0);
        assertEquals(guid, typed.getString("g").toUpperCase());
        assertEquals("ab   ", typed.getString("code"));
        assertEquals(
                "new",
                Sql.query("SELECT [status] FROM [dbo].[bf_defaults]").get(0).getString("status"));
    }

    @Test
    void bulkCopyModeRefusesATableBabelfishWouldBulkLoadWronglyWithAReason() {
        emulator.quirks().babelfish(true);
        Management.request().get("/health/ready");
        Response refused = Api.as(Api.STRICT_AUTH)
                .multiPart("file", "t.csv", "id,guid,code\n1,,x\n".getBytes(), "text/csv")
                .post(Api.BASE + "/bulk/bf_typed");
        refused.then().statusCode(400).body("message", containsString("uniqueidentifier"));
    }
}
