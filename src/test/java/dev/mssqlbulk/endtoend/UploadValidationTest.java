package dev.mssqlbulk.endtoend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad requests get a clear 4xx JSON error and create no job. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class UploadValidationTest {

    @ParameterizedTest(name = "[{index}] Authorization: {0}")
    @ValueSource(
            strings = {
                "",
                "Element test-element-token",
                "Element wrong, User test-user-secret",
                "Element test-element-token, User wrong",
                "Bearer abc",
                "Element , User test-user-secret"
            })
    void refusesMissingOrWrongCredentialsWith401(String authorization) {
        RequestSpecification request = authorization.isEmpty() ? given() : Api.as(authorization);
        request.get(Api.BASE + "/objects")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .body("message", notNullValue())
                .body("requestId", notNullValue());
    }

    @ParameterizedTest(name = "[{index}] Authorization: {0}")
    @ValueSource(
            strings = {
                "User test-user-secret, Element test-element-token",
                "  Element   test-element-token ,   User  test-user-secret  "
            })
    void acceptsCredentialsInEitherOrderWithExtraSpaces(String authorization) {
        Api.as(authorization).get(Api.BASE + "/objects").then().statusCode(200);
    }

    @Test
    void anyHubNameIsAccepted() {
        Api.asTest()
                .get("/elements/api-v2/hubs/db/objects")
                .then()
                .statusCode(200)
                .body("$", hasItem("people"));
    }

    @Test
    void objectsHideTheServicesOwnStatusTables() {
        Api.asTest()
                .get(Api.BASE + "/objects")
                .then()
                .statusCode(200)
                .body("$", not(hasItem("mssql_bulk_job")))
                .body("$", not(hasItem("mssql_bulk_job_error")));
    }

    @Test
    void metadataDescribesEachField() {
        Api.asTest()
                .get(Api.BASE + "/objects/people/metadata")
                .then()
                .statusCode(200)
                .body("fields.vendorPath", equalTo(java.util.List.of("id", "name", "age", "born", "score")))
                .body("fields[0].primaryKey", equalTo(true))
                .body("fields[1].vendorNativeType", equalTo("nvarchar(20)"))
                .body("fields[1].vendorRequired", equalTo(true))
                .body("fields[4].vendorNativeType", equalTo("decimal(6,2)"))
                .body("fields[4].type", equalTo("number"));
    }

    @Test
    void metadataOfAnUnknownObjectIs404NamingIt() {
        Api.asTest()
                .get(Api.BASE + "/objects/nope/metadata")
                .then()
                .statusCode(404)
                .body("message", containsString("'nope'"));
    }

    static Stream<Arguments> badUploads() {
        return Stream.of(
                Arguments.of("people", "id,name,nickname\n1,a,b\n", null, 400, "'nickname'"),
                Arguments.of("people", "id,name,NAME\n1,a,b\n", null, 400, "twice"),
                Arguments.of("people", "id,name\n", null, 400, "no data rows"),
                Arguments.of("people", "", null, 400, "empty"),
                Arguments.of("people", "id\n1\n", null, 400, "'name'"),
                Arguments.of("people", "id,name\n1,a\n", "{not json", 400, "metaData"),
                Arguments.of(
                        "people", "id,name\n1,a\n", "{\"bulkUploadRecordSize\":\"many\"}", 400, "bulkUploadRecordSize"),
                Arguments.of("people", "id,name\n1,a\n", "{\"columnDelimiter\":\"#\"}", 400, "columnDelimiter"),
                Arguments.of("people", "id,name\n1,a\n", "{\"surprise\":1}", 400, "surprise"),
                Arguments.of("no_such_table", "id\n1\n", null, 404, "'no_such_table'"));
    }

    @ParameterizedTest(name = "[{index}] {0} {4}")
    @MethodSource("badUploads")
    void refusesABadUploadWithoutCreatingAJob(String object, String csv, String metaData, int status, String says) {
        long jobsBefore = jobCount();
        RequestSpecification request =
                Api.asTest().multiPart("file", "upload.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        if (metaData != null) {
            request.multiPart("metaData", metaData, "application/json");
        }
        request.post(Api.BASE + "/bulk/" + object)
                .then()
                .statusCode(status)
                .contentType("application/json")
                .body("message", containsString(says));
        assertEquals(jobsBefore, jobCount());
    }

    @Test
    void refusesAnUploadWithoutAFilePart() {
        Api.asTest()
                .multiPart("metaData", "{}", "application/json")
                .post(Api.BASE + "/bulk/people")
                .then()
                .statusCode(400)
                .body("message", containsString("'file'"));
    }

    @Test
    void unknownJobIs404() {
        Api.asTest()
                .get(Api.BASE + "/bulk/12345/status")
                .then()
                .statusCode(404)
                .body("message", containsString("12345"));
        Api.asTest().get(Api.BASE + "/bulk/not-a-number/status").then().statusCode(404);
    }

    private static long jobCount() {
        return Sql.count("[dbo].[mssql_bulk_job]");
    }
}
