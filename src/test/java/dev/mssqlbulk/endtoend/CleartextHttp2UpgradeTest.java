package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An upload whose client asks to upgrade to HTTP/2 over cleartext (the JDK client's default) is answered over
 * HTTP/1.1, its body streamed like any other: the upgrade would have held the whole body in memory.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class CleartextHttp2UpgradeTest {

    @Test
    void anUploadAskingForAnH2cUpgradeIsServedOverHttp11() throws Exception {
        Sql.execute("DELETE FROM [dbo].[adaptive_items] WHERE [id] IN (9101, 9102)");
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"items.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + "id,label\n9101,upgraded\n9102,upgraded\n\r\n"
                + "--" + boundary + "--\r\n";
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + Api.BASE + "/bulk/adaptive_items"))
                .header("Authorization", Api.TEST_AUTH)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"status\":\"CREATED\""), response.body());
        String id = response.body().replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(2));
        assertEquals(2, Sql.count("[dbo].[adaptive_items] WHERE [id] IN (9101, 9102)"));
    }
}
