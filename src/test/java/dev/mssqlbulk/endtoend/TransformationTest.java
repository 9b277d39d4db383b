package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transformations as Open Connectors has them: a resource's fields mapped onto a table's columns, defined per
 * instance, and used by uploads and downloads under the resource's name.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class TransformationTest {

    /** A CRM export: spaced and punctuated headers, day-first dates, a yes/no flag as true/false. */
    static final String CRM = """
            {"vendorName": "crm_people", "fields": [
              {"path": "Contact ID", "vendorPath": "id", "type": "number"},
              {"path": "First Name", "vendorPath": "first_name", "type": "string"},
              {"path": "E-mail", "vendorPath": "email", "type": "string"},
              {"path": "DOB", "vendorPath": "birth_date", "type": "date",
               "configuration": [{"type": "date", "properties": {"pattern": "dd/MM/yyyy"}}]},
              {"path": "Age", "vendorPath": "age", "type": "number"},
              {"path": "VIP", "vendorPath": "vip", "type": "boolean"}]}""";

    @BeforeEach
    void emptyTable() {
        Sql.execute("DELETE FROM [dbo].[crm_people]");
    }

    static Response define(String resource, String body) {
        return Api.asTest().contentType("application/json").body(body).put(Api.BASE + "/transformations/" + resource);
    }

    @Test
    void aTransformationIsDefinedReadListedAndDeleted() {
        define("crm_contacts", CRM)
                .then()
                .statusCode(200)
                .body("resourceName", equalTo("crm_contacts"))
                .body("vendorName", equalTo("crm_people"))
                .body("fields[3].configuration[0].properties.pattern", equalTo("dd/MM/yyyy"));
        Api.asTest()
                .get(Api.BASE + "/transformations/CRM_Contacts")
                .then()
                .statusCode(200)
                .body("resourceName", equalTo("crm_contacts"))
                .body("fields.path", equalTo(List.of("Contact ID", "First Name", "E-mail", "DOB", "Age", "VIP")))
                .body("fields.vendorPath", equalTo(List.of("id", "first_name", "email", "birth_date", "age", "vip")))
                .body("fields.type", equalTo(List.of("number", "string", "string", "date", "number", "boolean")));
        Api.asTest()
                .get(Api.BASE + "/transformations")
                .then()
                .statusCode(200)
                .body("resourceName", hasItem("crm_contacts"));

        Api.asTest().delete(Api.BASE + "/transformations/crm_contacts").then().statusCode(204);
        Api.asTest()
                .get(Api.BASE + "/transformations/crm_contacts")
                .then()
                .statusCode(404)
                .body("message", containsString("'crm_contacts'"));
        Api.asTest().delete(Api.BASE + "/transformations/crm_contacts").then().statusCode(404);
        Api.asTest()
                .get(Api.BASE + "/transformations")
                .then()
                .statusCode(200)
                .body("resourceName", not(hasItem("crm_contacts")));
    }

    @Test
    void transformationsBelongToTheirInstanceAndNeedItsCredentials() {
        define("crm_private", CRM).then().statusCode(200);
        Api.as(Api.OTHER_AUTH)
                .get(Api.BASE + "/transformations/crm_private")
                .then()
                .statusCode(404);
        Api.as("Element test-element-token, User wrong")
                .get(Api.BASE + "/transformations")
                .then()
                .statusCode(401);
        Api.asTest().delete(Api.BASE + "/transformations/crm_private").then().statusCode(204);
    }

    static Stream<Arguments> invalidDefinitions() {
        String field = """
                {"vendorName": "crm_people", "fields": [{"path": "Contact ID", "vendorPath": "id", "type": "number"}, %s]}""";
        return Stream.of(
                Arguments.of(
                        field.formatted("{\"path\": \"Phone\", \"vendorPath\": \"phone\"}"),
                        List.of("'Phone'", "column 'phone' does not exist in table 'crm_people'")),
                Arguments.of(
                        field.formatted("{\"path\": \"DOB\", \"vendorPath\": \"birth_date\", \"type\": \"number\"}"),
                        List.of("'DOB'", "a number cannot be written to column 'birth_date' (date)")),
                Arguments.of(
                        field.formatted("{\"path\": \"VIP\", \"vendorPath\": \"vip\", \"type\": \"date\"}"),
                        List.of("'VIP'", "a date cannot be written to column 'vip' (bit)")),
                Arguments.of(
                        field.formatted("{\"path\": \"DOB\", \"vendorPath\": \"birth_date\", \"type\": \"date\", "
                                + "\"configuration\": [{\"properties\": {\"pattern\": \"dd/MM/yyyy{\"}}]}"),
                        List.of("'DOB'", "pattern 'dd/MM/yyyy{' is not a valid date pattern")),
                Arguments.of(
                        field.formatted("{\"path\": \"DOB\", \"vendorPath\": \"birth_date\", \"type\": \"date\", "
                                + "\"configuration\": [{\"properties\": {\"pattern\": \"dd/MM/yyyy HH:mm\"}}]}"),
                        List.of("'DOB'", "cannot write and read back a value of column 'birth_date' (date)")),
                Arguments.of(
                        field.formatted("{\"path\": \"Name\", \"vendorPath\": \"first_name\", "
                                + "\"configuration\": [{\"properties\": {\"pattern\": \"dd\"}}]}"),
                        List.of("'Name'", "a pattern applies only to fields of type date")),
                Arguments.of(
                        field.formatted("{\"path\": \"Name\", \"vendorPath\": \"first_name\", \"type\": \"text\"}"),
                        List.of("'Name'", "type 'text' is not one of string, number, boolean, date")),
                Arguments.of(
                        field.formatted("{\"path\": \"Key\", \"vendorPath\": \"ID\", \"type\": \"number\"}"),
                        List.of("'Key'", "column 'ID' is already mapped from field 'Contact ID'")),
                Arguments.of(
                        field.formatted("{\"path\": \"contact id\", \"vendorPath\": \"email\"}"),
                        List.of("'contact id'", "the path is given twice")),
                Arguments.of(field.formatted("{\"path\": \"Mail\"}"), List.of("'Mail'", "vendorPath")),
                Arguments.of(
                        "{\"vendorName\": \"no_such_table\", \"fields\": [{\"path\": \"a\", \"vendorPath\": \"b\"}]}",
                        List.of("vendorName 'no_such_table' is not a table this instance exposes")),
                Arguments.of("{\"vendorName\": \"crm_people\", \"fields\": []}", List.of("fields is empty")),
                Arguments.of("{\"vendorName\": \"crm_people\", \"fields\": [", List.of("the body is not valid JSON")),
                Arguments.of("[]", List.of("must be a JSON object")));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidDefinitions")
    void anInvalidDefinitionIs400NamingTheFieldAndIsNotStored(String body, List<String> expected) {
        var reply = define("crm_invalid", body).then().statusCode(400).body("requestId", not(equalTo(null)));
        expected.forEach(part -> reply.body("message", containsString(part)));
        Api.asTest().get(Api.BASE + "/transformations/crm_invalid").then().statusCode(404);
    }

    @Test
    void aCsvInTheResourcesFieldsLoadsRenamedReorderedAndDateConverted() {
        define("crm_csv", CRM).then().statusCode(200);
        String csv = """
                VIP,DOB,E-mail,Contact ID,Age,First Name
                true,31/01/1990,ada@example.com,1,36,Ada
                0,,bob@example.com,2,,Bob
                """;
        String id = Api.upload("crm_csv", csv, null);
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("objectName", equalTo("crm_people"))
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(0));
        List<Row> rows = Sql.query("SELECT * FROM [dbo].[crm_people] ORDER BY [id]");
        assertEquals(2, rows.size());
        assertEquals("Ada", rows.get(0).getString("first_name"));
        assertEquals("ada@example.com", rows.get(0).getString("email"));
        assertEquals(LocalDate.of(1990, 1, 31), rows.get(0).getLocalDate("birth_date"));
        assertEquals(36, rows.get(0).getInteger("age"));
        assertEquals(true, rows.get(0).getBoolean("vip"));
        assertNull(rows.get(1).getLocalDate("birth_date"));
        assertEquals(false, rows.get(1).getBoolean("vip"));
    }

    /**
     * A row the server refuses (a key already taken) is found by reading its bulk-copied batch again from the upload,
     * through the transformation: its failed row shows the same record as a row refused by validation, each column
     * with the text the transformation made of its field.
     */
    @Test
    void aRowTheServerRefusesShowsTheSameRecordAsARowRefusedByValidation() {
        define("crm_taken", CRM).then().statusCode(200);
        String csv = """
                Contact ID,E-mail,DOB,Age
                1,a@example.com,01/02/2000,20
                2,b@example.com,02/02/2000,21
                01,taken@example.com,03/02/2000,22
                4,d@example.com,04/02/2000,300
                """;
        String id = Api.upload("crm_taken", csv, null);
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(2));
        Response errors = Api.asTest().get(Api.BASE + "/bulk/" + id + "/errors");
        errors.then().statusCode(200).body("row", equalTo(List.of(3, 4)));
        assertEquals(
                Map.of("id", "1", "email", "taken@example.com", "birth_date", "2000-02-03", "age", "22"),
                errors.jsonPath().getMap("[0].record"));
        assertEquals(
                Map.of("id", "4", "email", "d@example.com", "birth_date", "2000-02-04", "age", "300"),
                errors.jsonPath().getMap("[1].record"));
    }

    @Test
    void aBadValueInAMappedFieldFailsOnlyItsRowNamingFieldAndColumn() {
        define("crm_bad", CRM).then().statusCode(200);
        String csv = """
                Contact ID,E-mail,DOB,Age
                1,a@example.com,01/02/2000,20
                2,b@example.com,31/02/2000,21
                3,c@example.com,02/02/2000,300
                4,,03/02/2000,22
                5,e@example.com,04/02/2000,23
                """;
        String id = Api.upload("crm_bad", csv, null);
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(3));
        assertEquals(
                List.of(1, 5),
                Sql.query("SELECT [id] FROM [dbo].[crm_people] ORDER BY [id]").stream()
                        .map(r -> r.getInteger("id"))
                        .toList());
        Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/errors")
                .then()
                .statusCode(200)
                .body("row", equalTo(List.of(2, 3, 4)))
                .body(
                        "[0].status",
                        allOf(
                                containsString("field 'DOB'"),
                                containsString("column 'birth_date'"),
                                containsString("'31/02/2000'"),
                                containsString("dd/MM/yyyy")))
                .body(
                        "[1].status",
                        allOf(containsString("field 'Age'"), containsString("column 'age'"), containsString("'300'")))
                .body(
                        "[2].status",
                        allOf(
                                containsString("field 'E-mail'"),
                                containsString("column 'email'"),
                                containsString("does not allow nulls")));
    }

    @Test
    void fieldsTheTransformationDoesNotMapAre400UnlessIgnored() {
        define("crm_extra", CRM).then().statusCode(200);
        String csv = "Contact ID,E-mail,Nickname,Shoe Size\n1,a@example.com,Al,44\n";
        Api.asTest()
                .multiPart("file", "crm.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/crm_extra")
                .then()
                .statusCode(400)
                .body(
                        "message",
                        allOf(
                                containsString("'Nickname'"),
                                containsString("'Shoe Size'"),
                                containsString("ignoreUnmappedFields")));
        assertEquals(0, Sql.count("[dbo].[crm_people]"));

        String id = Api.upload("crm_extra", csv, "{\"ignoreUnmappedFields\": true}");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(1));
        assertEquals(
                "a@example.com",
                Sql.query("SELECT [email] FROM [dbo].[crm_people]").get(0).getString("email"));
    }

    @Test
    void anUpsertThroughAResourceFindsRowsByTheKeyNamedAsAField() {
        define("crm_upsert", CRM).then().statusCode(200);
        Api.awaitEnd(
                        Api.upload("crm_upsert", "Contact ID,E-mail,First Name\n1,a@example.com,Ada\n", null),
                        Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(1));
        String id = Api.upload(
                "crm_upsert",
                "Contact ID,E-mail,First Name\n1,a@example.org,Ada L.\n2,b@example.com,Bo\n",
                "{\"action\": \"upsert\", \"identifierFieldName\": \"Contact ID\"}");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(0));
        List<Row> rows = Sql.query("SELECT [id], [email], [first_name] FROM [dbo].[crm_people] ORDER BY [id]");
        assertEquals(
                List.of("a@example.org", "b@example.com"),
                rows.stream().map(r -> r.getString("email")).toList());
        assertEquals("Ada L.", rows.get(0).getString("first_name"));
    }

    static final String NESTED = """
            {"vendorName": "crm_people", "fields": [
              {"path": "id", "vendorPath": "id", "type": "number"},
              {"path": "contact.email", "vendorPath": "email"},
              {"path": "contact.name.first", "vendorPath": "first_name"},
              {"path": "address.city", "vendorPath": "city"},
              {"path": "items[0].sku", "vendorPath": "first_item"},
              {"path": "born", "vendorPath": "birth_date", "type": "date",
               "configuration": [{"properties": {"pattern": "yyyyMMdd"}}]},
              {"path": "flags.vip", "vendorPath": "vip", "type": "boolean"}]}""";
    static final String NESTED_ROWS = """
            {"id": 1, "contact": {"email": "ada@example.com", "name": {"first": "Ada"}}, "address": {"city": "London"}, \
            "items": [{"sku": "A-1"}, {"sku": "A-2"}], "born": "19901231", "flags": {"vip": true}}
            {"born": "20000101", "id": 2, "contact": {"name": {"first": "Bob"}, "email": "bob@example.com"}, "items": []}
            {"id": 3, "contact": {"email": "cy@example.com"}, "born": "2000-01-01"}
            """;

    static Stream<Arguments> jsonForms() {
        String array = "[" + String.join(",", NESTED_ROWS.strip().split("\n(?=\\{)")) + "]";
        return Stream.of(
                Arguments.of("people.jsonl", "application/x-ndjson", NESTED_ROWS),
                Arguments.of("people.json", "application/json", array));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("jsonForms")
    void jsonAndJsonLinesMapNestedDottedAndIndexedPaths(String fileName, String contentType, String body) {
        define("crm_nested", NESTED).then().statusCode(200);
        String id = Api.asTest()
                .multiPart("file", fileName, body.getBytes(StandardCharsets.UTF_8), contentType)
                .multiPart("metaData", "{\"ignoreUnmappedFields\": true}", "application/json")
                .post(Api.BASE + "/bulk/crm_nested")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(2))
                .body("recordsFailedCount", equalTo(1));
        List<Row> rows = Sql.query("SELECT * FROM [dbo].[crm_people] ORDER BY [id]");
        assertEquals(2, rows.size());
        assertEquals("ada@example.com", rows.get(0).getString("email"));
        assertEquals("Ada", rows.get(0).getString("first_name"));
        assertEquals("London", rows.get(0).getString("city"));
        assertEquals("A-1", rows.get(0).getString("first_item"));
        assertEquals(LocalDate.of(1990, 12, 31), rows.get(0).getLocalDate("birth_date"));
        assertEquals(true, rows.get(0).getBoolean("vip"));
        assertEquals("Bob", rows.get(1).getString("first_name"));
        assertNull(rows.get(1).getString("city"));
        assertNull(rows.get(1).getString("first_item"));
        Api.asTest()
                .get(Api.BASE + "/bulk/" + id + "/errors")
                .then()
                .body("[0].row", equalTo(3))
                .body(
                        "[0].status",
                        allOf(
                                containsString("field 'born'"),
                                containsString("column 'birth_date'"),
                                containsString("yyyyMMdd")));
    }

    @Test
    void nestedFieldsTheTransformationDoesNotMapAre400NamingTheirPaths() {
        define("crm_nested_strict", NESTED).then().statusCode(200);
        Api.asTest()
                .multiPart("file", "p.jsonl", NESTED_ROWS.getBytes(StandardCharsets.UTF_8), "application/x-ndjson")
                .post(Api.BASE + "/bulk/crm_nested_strict")
                .then()
                .statusCode(400)
                .body("message", allOf(containsString("'items[1].sku'"), containsString("ignoreUnmappedFields")));
    }

    @Test
    void anInlineTransformationMapsOneUploadWithoutBeingStored() {
        String metaData = """
                {"transformation": {"fields": [{"path": "Key", "vendorPath": "id", "type": "number"},
                  {"path": "Mail", "vendorPath": "email"},
                  {"path": "Joined", "vendorPath": "updated_at", "type": "date",
                   "configuration": [{"properties": {"pattern": "MM/dd/yyyy HH:mm"}}]}]}}""";
        String id = Api.upload("crm_people", "Mail,Key,Joined\nx@example.com,7,12/24/2023 18:30\n", metaData);
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(1));
        Row row = Sql.query("SELECT [id], [email], [updated_at] FROM [dbo].[crm_people]")
                .get(0);
        assertEquals(7, row.getInteger("id"));
        assertEquals("x@example.com", row.getString("email"));
        assertEquals(java.time.LocalDateTime.of(2023, 12, 24, 18, 30), row.getLocalDateTime("updated_at"));
        Api.asTest().get(Api.BASE + "/transformations/crm_people").then().statusCode(404);

        Api.asTest()
                .multiPart("file", "x.csv", "Mail,Key\nx,8\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart(
                        "metaData",
                        "{\"transformation\": {\"fields\": [{\"path\": \"Mail\", \"vendorPath\": \"mail\"}]}}",
                        "application/json")
                .post(Api.BASE + "/bulk/crm_people")
                .then()
                .statusCode(400)
                .body("message", allOf(containsString("'Mail'"), containsString("column 'mail' does not exist")));
    }

    @Test
    void aDownloadThroughTheResourceRoundTripsTheUploadedFile() {
        define("crm_round", CRM).then().statusCode(200);
        String csv = """
                Contact ID,First Name,E-mail,DOB,Age,VIP
                1,Ada,ada@example.com,31/01/1990,36,true
                2,"Smith, Bob",bob@example.com,,,false
                3,Cy,cy@example.com,29/02/2000,24,
                """;
        Api.awaitEnd(Api.upload("crm_round", csv, null), Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(3));

        String download = download("select * from crm_round order by \"Contact ID\"", "crm_round", "text/csv");
        assertEquals(records(csv), records(download));

        Sql.execute("DELETE FROM [dbo].[crm_people]");
        Api.awaitEnd(Api.upload("crm_round", download, null), Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(3))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(
                records(csv),
                records(download("select * from crm_round order by \"Contact ID\"", "crm_round", "text/csv")));

        String json = download(
                "select \"Contact ID\", DOB, Age, VIP from crm_round where DOB > '01/01/1995'",
                "crm_round",
                "application/json");
        io.restassured.path.json.JsonPath rows = io.restassured.path.json.JsonPath.from(json);
        assertEquals(1, rows.getList("$").size());
        assertEquals("29/02/2000", rows.getString("[0].DOB"));
        assertEquals(3, rows.getInt("[0].'Contact ID'"));
        assertEquals(24, rows.getInt("[0].Age"));
    }

    @Test
    void aJsonDownloadTypesAFieldByWhatItsColumnHolds() {
        define("crm_typed", """
                {"vendorName": "crm_people", "fields": [{"path": "Key", "vendorPath": "id", "type": "number"},
                  {"path": "Code", "vendorPath": "first_name", "type": "number"},
                  {"path": "VIP", "vendorPath": "vip", "type": "boolean"}]}""").then().statusCode(200);
        Api.awaitEnd(
                        Api.upload("crm_people", "id,email,first_name,vip\n1,a@example.com,n/a,1\n", null),
                        Duration.ofSeconds(30))
                .then()
                .body("recordsSucceededCount", equalTo(1));
        io.restassured.path.json.JsonPath rows = io.restassured.path.json.JsonPath.from(
                download("select * from crm_typed", "crm_typed", "application/json"));
        assertEquals(1, rows.getInt("[0].Key"));
        assertEquals("n/a", rows.getString("[0].Code"));
        assertEquals(true, rows.getBoolean("[0].VIP"));
    }

    @Test
    void aQueryNamingAFieldTheResourceDoesNotHaveIs400NamingIt() {
        define("crm_query", CRM).then().statusCode(200);
        Api.asTest()
                .post(Api.BASE + "/bulk/query?q=select email from crm_query")
                .then()
                .statusCode(400)
                .body(
                        "message",
                        allOf(containsString("'email'"), containsString("'crm_query'"), containsString("position 8")));
        Api.asTest()
                .post(Api.BASE + "/bulk/query?q=select * from crm_query where DOB = '2000-01-01'")
                .then()
                .statusCode(400)
                .body("message", containsString("dd/MM/yyyy"));
    }

    @Test
    void objectsListTablesWhileMetadataDescribesAResourcesFields() {
        define("crm_meta", CRM).then().statusCode(200);
        Api.asTest()
                .get(Api.BASE + "/objects")
                .then()
                .statusCode(200)
                .body("$", hasItem("crm_people"))
                .body("$", not(hasItem("crm_meta")))
                .body("$", not(hasItem("mssql_bulk_transformation")));
        Api.asTest()
                .get(Api.BASE + "/objects/crm_meta/metadata")
                .then()
                .statusCode(200)
                .body("vendorName", equalTo("crm_people"))
                .body("fields.path", equalTo(List.of("Contact ID", "First Name", "E-mail", "DOB", "Age", "VIP")))
                .body("fields.vendorPath", equalTo(List.of("id", "first_name", "email", "birth_date", "age", "vip")))
                .body("fields[3].type", equalTo("date"))
                .body("fields[3].pattern", equalTo("dd/MM/yyyy"))
                .body("fields[3].vendorNativeType", equalTo("date"))
                .body("fields[2].vendorRequired", equalTo(true));
        Api.asTest()
                .get(Api.BASE + "/objects/crm_people/metadata")
                .then()
                .statusCode(200)
                .body("fields[0].path", equalTo("id"))
                .body("fields[0].type", equalTo("integer"))
                .body("fields[0]", org.hamcrest.Matchers.hasKey("maxLength"))
                .body("fields[0]", not(org.hamcrest.Matchers.hasKey("pattern")))
                .body("$", not(org.hamcrest.Matchers.hasKey("vendorName")));
    }

    /** The README's curl example, against the walkthrough's contact table (with an id of its own). */
    @Test
    void theReadmeExampleLoadsACrmExportAndDownloadsItInTheSameForm() {
        define("crm_contact", """
                {
                  "vendorName": "contact",
                  "fields": [
                    {"path": "Contact ID", "vendorPath": "id", "type": "number"},
                    {"path": "First Name", "vendorPath": "first_name", "type": "string"},
                    {"path": "Last Name", "vendorPath": "last_name", "type": "string"},
                    {"path": "E-mail", "vendorPath": "email", "type": "string"},
                    {"path": "DOB", "vendorPath": "birth_date", "type": "date",
                     "configuration": [{"properties": {"pattern": "dd/MM/yyyy"}}]}]}""").then().statusCode(200);
        Sql.execute("DELETE FROM [dbo].[contact] WHERE [id] = 901");
        try {
            Api.awaitEnd(
                            Api.upload(
                                    "crm_contact",
                                    "E-mail,Last Name,Contact ID,DOB\nada@example.com,Lovelace,901,10/12/1815\n",
                                    null),
                            Duration.ofSeconds(30))
                    .then()
                    .body("recordsSucceededCount", equalTo(1));
            assertEquals(
                    List.of(
                            List.of("Contact ID", "First Name", "Last Name", "E-mail", "DOB"),
                            List.of("901", "", "Lovelace", "ada@example.com", "10/12/1815")),
                    records(download(
                            "select * from crm_contact where DOB < '01/01/1900' and \"Contact ID\" = 901",
                            "crm_contact",
                            "text/csv")));
        } finally {
            Sql.execute("DELETE FROM [dbo].[contact] WHERE [id] = 901");
            Api.asTest().delete(Api.BASE + "/transformations/crm_contact");
        }
    }

    private static String download(String query, String resource, String accept) {
        String id = Api.asTest()
                .queryParam("q", query)
                .post(Api.BASE + "/bulk/query")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("status", equalTo("COMPLETE"));
        return Api.asTest()
                .accept(accept)
                .get(Api.BASE + "/bulk/" + id + "/" + resource)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static List<List<String>> records(String csv) {
        List<List<String>> records = new ArrayList<>();
        for (CsvRecord record : CsvReader.builder().ofCsvRecord(csv)) {
            records.add(record.getFields());
        }
        return records;
    }
}
