package dev.mssqlbulk.endtoend;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.MssqlTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenAPI document describes every endpoint, header and metaData key, without authentication. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class OpenApiDocumentTest {

    private static String document() {
        return given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "get /elements/api-v2/hubs/{hub}/objects",
                "get /elements/api-v2/hubs/{hub}/objects/{objectName}/metadata",
                "post /elements/api-v2/hubs/{hub}/bulk/{objectName}",
                "get /elements/api-v2/hubs/{hub}/bulk/jobs",
                "get /elements/api-v2/hubs/{hub}/bulk/{id}/status",
                "put /elements/api-v2/hubs/{hub}/bulk/{id}/cancel",
                "get /elements/api-v2/hubs/{hub}/bulk/{id}/errors",
                "get /elements/api-v2/hubs/{hub}/bulk/{id}/results",
                "post /elements/api-v2/hubs/{hub}/bulk/query",
                "get /elements/api-v2/hubs/{hub}/bulk/{id}/{objectName}",
                "get /elements/api-v2/hubs/{hub}/transformations",
                "put /elements/api-v2/hubs/{hub}/transformations/{resourceName}",
                "get /elements/api-v2/hubs/{hub}/transformations/{resourceName}",
                "delete /elements/api-v2/hubs/{hub}/transformations/{resourceName}",
                "get /elements/api-v2/hubs/{hub}/bulk/{id}/events",
                "get /elements/api-v2/hubs/{hub}/bulk/query/check"
            })
    void describesEachEndpoint(String endpoint) {
        String[] parts = endpoint.split(" ");
        Map<String, Object> operation = JsonPath.from(document()).getMap("paths.'" + parts[1] + "'." + parts[0]);
        assertNotNull(operation, endpoint);
        assertNotNull(operation.get("summary"), endpoint + " has a summary");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Elements-Async-Callback-Url",
                "Idempotency-Key",
                "Elements-Webhook-Signature",
                "Elements-Returned-Count",
                "Elements-Next-Page-Token",
                "Authorization",
                "action",
                "identifierFieldName",
                "bulkUploadRecordSize",
                "columnDelimiter",
                "maxErrors",
                "dryRun",
                "requestId",
                "ignoreUnmappedFields",
                "transformation",
                "vendorPath"
            })
    void namesEachHeaderAndMetaDataKey(String name) {
        assertTrue(document().contains(name), name);
    }

    @Test
    void describesTheEventsAsAnEventStream() {
        Map<String, Object> content = JsonPath.from(document())
                .getMap("paths.'/elements/api-v2/hubs/{hub}/bulk/{id}/events'.get.responses.'200'.content");
        assertTrue(content.containsKey("text/event-stream"), String.valueOf(content));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
