package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** metaData.action upsert, update and delete, keyed by identifierFieldName or the primary key. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class WriteActionsTest {

    @BeforeEach
    void threeAccounts() {
        Sql.execute("DELETE FROM [dbo].[accounts]");
        Sql.execute(
                "INSERT INTO [dbo].[accounts] ([id], [name], [balance]) VALUES (1, N'one', 1.00), (2, N'two', 2.00),"
                        + " (3, N'three', 3.00)");
    }

    @Test
    void upsertUpdatesMatchingRowsAndInsertsNewOnes() {
        String id = Api.upload(
                "accounts",
                "id,name,balance\n2,TWO,20.00\n3,THREE,\n4,four,4.00\n5,five,5.00\n",
                "{\"action\":\"upsert\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("action", equalTo("upsert"))
                .body("recordsSucceededCount", equalTo(4));
        assertEquals(Map.of(1, "one", 2, "TWO", 3, "THREE", 4, "four", 5, "five"), names());
        assertEquals(
                null,
                Sql.query("SELECT [balance] FROM [dbo].[accounts] WHERE [id] = 3")
                        .get(0)
                        .getValue("balance"));
    }

    @Test
    void upsertIsolatesARowThatBreaksAConstraint() {
        String id = Api.upload(
                "accounts", "id,name,balance\n2,TWO,20.00\n6,,6.00\n7,seven,7.00\n", "{\"action\":\"upsert\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(1));
        Api.asTest().get(Api.BASE + "/bulk/" + id + "/errors").then().body("[0].row", equalTo(2));
        assertEquals(Map.of(1, "one", 2, "TWO", 3, "three", 7, "seven"), names());
    }

    @Test
    void upsertWithTheSameKeyTwiceInABatchAppliesBothInFileOrder() {
        String id = Api.upload("accounts", "id,name\n8,first\n8,second\n", "{\"action\":\"upsert\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(2));
        assertEquals("second", names().get(8));
    }

    @Test
    void updateChangesOnlyTheColumnsInTheFileAndFailsRowsThatMatchNothing() {
        String id = Api.upload("accounts", "id,name\n1,ONE\n99,nobody\n3,THREE\n", "{\"action\":\"update\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(1));
        Response errors = Api.asTest().get(Api.BASE + "/bulk/" + id + "/errors");
        errors.then()
                .body("[0].row", equalTo(2))
                .body("[0].errorCode", equalTo(0))
                .body("[0].status", containsString("matches id=99"));
        assertEquals(Map.of(1, "ONE", 2, "two", 3, "THREE"), names());
        assertEquals(
                0,
                new java.math.BigDecimal("1.00")
                        .compareTo(Sql.query("SELECT [balance] FROM [dbo].[accounts] WHERE [id] = 1")
                                .get(0)
                                .getBigDecimal("balance")));
    }

    @Test
    void aRowMatchingNothingAndARefusedRowOfOneBatchEachKeepTheirOwnRecord() {
        String id = Api.upload("accounts", "id,balance\n99,1.00\n2,lots\n", "{\"action\":\"update\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsFailedCount", equalTo(2));
        Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/errors")
                .then()
                .body("[0].row", equalTo(1))
                .body("[0].status", containsString("matches id=99"))
                .body("[0].record.id", equalTo("99"))
                .body("[1].row", equalTo(2))
                .body("[1].record.id", equalTo("2"))
                .body("[1].record.balance", equalTo("lots"));
    }

    @Test
    void deleteRemovesTheListedRowsAndFailsRowsThatMatchNothing() {
        String id = Api.upload("accounts", "id\n1\n42\n3\n", "{\"action\":\"delete\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(1));
        assertEquals(Map.of(2, "two"), names());
    }

    @Test
    void compositeKeysAreNamedWithCommas() {
        Sql.execute("DELETE FROM [dbo].[regional_codes]");
        Sql.execute(
                "INSERT INTO [dbo].[regional_codes] ([region], [code], [label]) VALUES (N'eu', 1, N'a'), (N'us', 1, N'b')");
        String id = Api.upload(
                "regional_codes",
                "region,code,label\nus,1,B\neu,2,new\n",
                "{\"action\":\"upsert\",\"identifierFieldName\":\"region, code\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(2));
        List<Row> rows =
                Sql.query("SELECT [region], [code], [label] FROM [dbo].[regional_codes] ORDER BY [region], [code]");
        assertEquals(
                List.of("eu/1/a", "eu/2/new", "us/1/B"),
                rows.stream()
                        .map(r -> r.getString("region") + "/" + r.getInteger("code") + "/" + r.getString("label"))
                        .toList());
    }

    @Test
    void anIdentityKeyFindsRowsWithoutBeingWritten() {
        Sql.execute("DELETE FROM [dbo].[generated_cols]");
        Sql.execute("INSERT INTO [dbo].[generated_cols] ([a], [b]) VALUES (1, 2)");
        int generated =
                Sql.query("SELECT [id] FROM [dbo].[generated_cols]").get(0).getInteger("id");
        String id = Api.upload("generated_cols", "id,a,b\n" + generated + ",10,20\n", "{\"action\":\"update\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(1));
        Row row = Sql.query("SELECT [id], [total] FROM [dbo].[generated_cols]").get(0);
        assertEquals(generated, row.getInteger("id"));
        assertEquals(30, row.getInteger("total"));
    }

    static Stream<Arguments> impossibleActions() {
        return Stream.of(
                Arguments.of("accounts", "{\"action\":\"merge\"}", "id,name\n1,a", "'merge' is not one of"),
                Arguments.of(
                        "accounts",
                        "{\"action\":\"update\",\"identifierFieldName\":\"nope\"}",
                        "id,name\n1,a",
                        "'nope' is not a column"),
                Arguments.of(
                        "accounts",
                        "{\"action\":\"update\",\"identifierFieldName\":\"name\"}",
                        "id,balance\n1,2",
                        "key column 'name' is missing"),
                Arguments.of("accounts", "{\"action\":\"update\"}", "id\n1", "nothing to update"),
                Arguments.of("regional_codes", "{\"action\":\"delete\"}", "region\neu", "has no primary key"),
                Arguments.of("generated_cols", "{\"action\":\"create\"}", "id,a,b\n1,2,3", "identity column"),
                Arguments.of("generated_cols", "{\"action\":\"create\"}", "a,b,total\n1,2,3", "computed"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {3}")
    @MethodSource("impossibleActions")
    void refusesAnActionThatCannotWork(String object, String metaData, String csv, String says) {
        Api.asTest()
                .multiPart("file", "f.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("metaData", metaData, "application/json")
                .post(Api.BASE + "/bulk/" + object)
                .then()
                .statusCode(400)
                .body("message", containsString(says));
    }

    @ParameterizedTest(name = "lost reply at statement {0}")
    @ValueSource(ints = {3, 5, 7, 9, 11, 14})
    void aDeleteReplayedAfterALostCommitReplyReportsNoPhantomFailures(int statement) {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's fault hook");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        StringBuilder values = new StringBuilder();
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 100; i < 140; i++) {
            values.append(i == 100 ? "" : ", ").append("(").append(i).append(", N'n', 0)");
            csv.append(i).append('\n');
        }
        Sql.execute("INSERT INTO [dbo].[accounts] ([id], [name], [balance]) VALUES " + values);
        try {
            emulator.faults().delayReplies(Duration.ofMillis(50));
            String id = Api.upload("accounts", csv.toString(), "{\"action\":\"delete\",\"bulkUploadRecordSize\":5}");
            long dropped = emulator.faults().droppedConnections();
            emulator.faults().dropConnectionAfterExecuting(statement);
            emulator.faults().delayReplies(Duration.ofMillis(2));
            Api.awaitEnd(id, Duration.ofSeconds(60))
                    .then()
                    .body("status", equalTo("COMPLETE"))
                    .body("recordsSucceededCount", equalTo(40))
                    .body("recordsFailedCount", equalTo(0));
            assertEquals(dropped + 1, emulator.faults().droppedConnections(), "the fault fired during the job");
        } finally {
            emulator.faults().reset();
        }
        assertEquals(Map.of(1, "one", 2, "two", 3, "three"), names());
    }

    private static Map<Integer, String> names() {
        Map<Integer, String> names = new java.util.TreeMap<>();
        Sql.query("SELECT [id], [name] FROM [dbo].[accounts]")
                .forEach(r -> names.put(r.getInteger("id"), r.getString("name")));
        return names;
    }
}
