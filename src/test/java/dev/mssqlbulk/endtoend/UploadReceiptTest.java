package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * How an upload's multipart body is received (the route ahead of the REST layer, {@code api/UploadBody}): a body is
 * read only for credentials that select an instance, whatever goes wrong while reading it is a JSON 4xx that creates
 * no job, and nothing it wrote stays in the incoming directory. (The size limit: {@link UploadSizeLimitTest}; the
 * staging quota: {@link DiskLimitsTest}; the parts themselves: every upload test.)
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class UploadReceiptTest {

    private static final String HEAD = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n";

    @Test
    void wrongCredentialsAreRefusedBeforeTheBodyIsRead() throws IOException {
        // declares 100 MB and sends 100 bytes: only an answer given before reading the body can arrive
        String status = rawUpload("Element test-element-token, User wrong-secret", 100_000_000, new byte[100]);
        assertEquals("HTTP/1.1 401 Unauthorized", status);
    }

    @Test
    void anotherMultipartTypeIs415WithoutAJob() {
        long jobs = jobCount();
        Api.asTest()
                .contentType("multipart/mixed; boundary=b")
                .body((HEAD + "id,label\n77401,a\n\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII))
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(415)
                .contentType("application/json");
        assertEquals(jobs, jobCount());
    }

    @Test
    void aClientThatAsksWhetherToSendTheBodyIsToldToContinueAndItsUploadIsTaken() throws IOException {
        // curl sends Expect: 100-continue for a body over 1 MB and waits a second for the answer before sending it
        byte[] body = (HEAD + "id,label\n77201,a\n\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = new String(requestHead(Api.TEST_AUTH, body.length), StandardCharsets.US_ASCII);
            socket.getOutputStream()
                    .write(head.replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader reply =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 100 Continue", reply.readLine(), "before the body is sent");
            assertEquals("", reply.readLine());
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            assertEquals("HTTP/1.1 200 OK", reply.readLine());
        }
    }

    @Test
    void aFilePartWithoutAFileNameIsRefusedSayingHowToSendIt() {
        long jobs = jobCount();
        Api.asTest()
                .multiPart("file", "id,label\n1,a\n")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("message", containsString("no file name"))
                .body("message", containsString("-F file=@"));
        assertEquals(jobs, jobCount());
    }

    @Test
    void aMetaDataOfTensOfKilobytesIsTaken() {
        // a transformation for one upload can be long; 40K of JSON whitespace stands in for one
        String metaData = "{\"dryRun\": true" + " ".repeat(40_000) + "}";
        String id = Api.asTest()
                .multiPart("file", "m.csv", "id,label\n77301,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("metaData", metaData, "application/json")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("statusMessage", containsString("dry run"));
    }

    @Test
    void aPartWithoutAFileNameLongerThanTheFormLimitIs400NamingTheLimit() {
        long jobs = jobCount();
        Api.asTest()
                .multiPart("metaData", "{" + " ".repeat(70_000) + "}")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("message", containsString("quarkus.http.limits.max-form-attribute-size"));
        assertEquals(jobs, jobCount());
    }

    @Test
    void aBodyThatEndsInsideItsFilePartIs400AndLeavesNothingBehind() throws IOException {
        long jobs = jobCount();
        Set<Path> before = incomingFiles();
        byte[] body = (HEAD + "id,label\n77101,a\n").getBytes(StandardCharsets.US_ASCII); // no closing boundary
        String status = rawUpload(Api.TEST_AUTH, body.length, body);
        assertEquals("HTTP/1.1 400 Bad Request", status);
        assertEquals(jobs, jobCount());
        awaitNothingNewIn(before);
    }

    @Test
    void aClientThatGoesAwayMidBodyLeavesNothingBehind() throws IOException {
        long jobs = jobCount();
        Set<Path> before = incomingFiles();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(requestHead(Api.TEST_AUTH, 10_000_000));
            socket.getOutputStream().write(HEAD.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write("id,label\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await(() -> !before.containsAll(incomingFiles()), "the file part has begun to be written");
        }
        awaitNothingNewIn(before);
        assertEquals(jobs, jobCount());
    }

    /** Sends a multipart upload by hand and answers the reply's status line. */
    private static String rawUpload(String authorization, long declaredLength, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requestHead(authorization, declaredLength));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static byte[] requestHead(String authorization, long contentLength) {
        return ("POST " + Api.BASE + "/bulk/control_items HTTP/1.1\r\n"
                        + "Host: localhost\r\n"
                        + "Authorization: " + authorization + "\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\n"
                        + "Content-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static long jobCount() {
        return Sql.count("[dbo].[mssql_bulk_job]");
    }

    private static void awaitNothingNewIn(Set<Path> before) throws IOException {
        await(() -> before.containsAll(incomingFiles()), "nothing left in incoming/ but what was there before");
    }

    private static void await(IoCondition condition, String what) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, what);
            Api.sleep(50);
        }
    }

    private interface IoCondition {
        boolean holds() throws IOException;
    }

    private static Set<Path> incomingFiles() throws IOException {
        Path incoming =
                Path.of(ConfigProvider.getConfig().getValue("quarkus.http.body.uploads-directory", String.class));
        if (!Files.isDirectory(incoming)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(incoming)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }
}
