package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upload over mssql-bulk.max-upload-size (here 64K) is a 413 with a JSON message, and creates no job: declared by
 * its Content-Length or found out while its chunked body is read.
 */
@QuarkusTest
@TestProfile(UploadSizeLimitTest.SmallLimit.class)
@WithTestResource(MssqlTestResource.class)
class UploadSizeLimitTest {

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mssql-bulk.max-upload-size", "64K");
        }
    }

    @Test
    void anUploadOverTheLimitIs413WithAJsonMessageAndNoJob() {
        long jobsBefore = Sql.count("[dbo].[mssql_bulk_job]");
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; csv.length() < 100_000; i++) {
            csv.append(i).append(",label number ").append(i).append('\n');
        }
        Api.asTest()
                .multiPart("file", "big.csv", csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(413)
                .contentType("application/json")
                .body("message", containsString("64K"));
        assertEquals(jobsBefore, Sql.count("[dbo].[mssql_bulk_job]"));
    }

    @Test
    void aChunkedUploadThatOutgrowsTheLimitIs413WithAJsonMessageAndNoJob() throws IOException {
        // no Content-Length: the limit can only trip while the body is read
        long jobsBefore = Sql.count("[dbo].[mssql_bulk_job]");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + Api.BASE + "/bulk/control_items HTTP/1.1\r\n"
                            + "Host: localhost\r\n"
                            + "Authorization: " + Api.TEST_AUTH + "\r\n"
                            + "Content-Type: multipart/form-data; boundary=b\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\nid,label\n");
            String rows = "1,a label of some length\n".repeat(400); // 10K a chunk
            for (int i = 0; i < 10; i++) {
                chunk(out, rows);
            }
            out.flush();
            String reply = replyOf(socket);
            assertTrue(reply.startsWith("HTTP/1.1 413 "), reply);
            assertTrue(reply.contains("application/json"), reply);
            assertTrue(reply.contains("larger than the limit of 64K"), reply);
            assertEquals(-1, socket.getInputStream().read(), "the connection is closed: the rest is not wanted");
        }
        assertEquals(jobsBefore, Sql.count("[dbo].[mssql_bulk_job]"));
    }

    /** The status line, the headers and the body (by its Content-Length) of the reply. */
    private static String replyOf(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder reply = new StringBuilder();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            reply.append(line).append('\n');
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return reply.append('\n').append(body, 0, read).toString();
    }

    private static void chunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void anUploadUnderTheLimitIsAccepted() {
        Api.asTest()
                .multiPart("file", "small.csv", "id,label\n77001,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(200);
    }
}
