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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Uploads that would break a staging quota or the free-space floor are refused with 507 and Retry-After before
 * their body is stored: no job, no file in the staging directory or its incoming uploads. Here instance test may
 * keep no staged file, batch 1 KiB, and the floor is far above any real disk (strict meets it); download results
 * may not exceed 1 KiB.
 */
@QuarkusTest
@TestProfile(DiskLimitsTest.Limits.class)
@WithTestResource(MssqlTestResource.class)
class DiskLimitsTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mssql-bulk.instances.test.max-staged-jobs", "0",
                    "mssql-bulk.instances.batch.max-staged-bytes", "1K",
                    "mssql-bulk.staging-free-space-floor", "1000000G",
                    "mssql-bulk.max-result-size", "1K");
        }
    }

    private static final String STRICT_AUTH = "Element strict-element-token, User strict-user-secret";

    @Test
    void refusesAnUploadOverTheInstancesStagedJobsQuotaBeforeStoringIt() throws IOException {
        assertRefusedWithNothingStored(Api.TEST_AUTH, csv(10), "max-staged-jobs");
    }

    @Test
    void refusesAnUploadOverTheInstancesStagedBytesQuotaBeforeStoringIt() throws IOException {
        // 2 KiB already staged for batch (a chunked upload declares no length, so the quota is met by what is kept)
        Path kept = root().resolve("batch").resolve("1.csv");
        Files.createDirectories(kept.getParent());
        Files.write(kept, new byte[2048]);
        try {
            assertRefusedWithNothingStored(Api.BATCH_AUTH, csv(10), "max-staged-bytes");
        } finally {
            Files.delete(kept);
        }
    }

    @Test
    void refusesAnUploadBelowTheFreeSpaceFloorBeforeStoringIt() throws IOException {
        assertRefusedWithNothingStored(STRICT_AUTH, csv(10), "nearly full");
    }

    @Test
    void answersBeforeTheBodyHasArrived() throws IOException {
        // declares 100 MB and sends 100 bytes: only an answer given before reading the body can arrive
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + Api.BASE + "/bulk/control_items HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Authorization: " + STRICT_AUTH + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: 100000000\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[100]);
            socket.getOutputStream().flush();
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 507 Insufficient Storage", status);
        }
    }

    @Test
    void endsADownloadWhoseResultOutgrowsTheCapAndDeletesItsPartialResult() throws IOException {
        Sql.execute("DELETE FROM [dbo].[control_items] WHERE [id] >= 98000");
        for (int i = 0; i < 60; i++) {
            Sql.query(
                    "INSERT INTO [dbo].[control_items] ([id], [label]) VALUES (@p1, @p2)",
                    98000 + i,
                    "a label of thirty characters..");
        }
        long before = stagedFiles();
        String id = Api.asTest()
                .queryParam("q", "select * from control_items")
                .post(Api.BASE + "/bulk/query")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");

        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("ERROR"))
                .body("statusMessage", containsString("max-result-size"));
        assertEquals(before, stagedFiles(), "the partial result was deleted");
    }

    private static void assertRefusedWithNothingStored(String auth, byte[] body, String limit) throws IOException {
        long jobs = Sql.count("[dbo].[mssql_bulk_job]");
        long staged = stagedFiles();

        Response reply =
                Api.as(auth).multiPart("file", "c.csv", body, "text/csv").post(Api.BASE + "/bulk/control_items");

        reply.then().statusCode(507).contentType("application/json").body("message", containsString(limit));
        assertTrue(Integer.parseInt(reply.header("Retry-After")) > 0, "Retry-After: " + reply.header("Retry-After"));
        assertEquals(jobs, Sql.count("[dbo].[mssql_bulk_job]"), "no job");
        assertEquals(staged, stagedFiles(), "nothing staged, nothing left in incoming/");
    }

    /** Every file under the staging directory, incoming uploads included. */
    private static long stagedFiles() throws IOException {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static Path root() {
        return Path.of(ConfigProvider.getConfig().getValue("mssql-bulk.staging-directory", String.class));
    }

    private static byte[] csv(int rows) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < rows; i++) {
            csv.append(99000 + i).append(",row ").append(i).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
