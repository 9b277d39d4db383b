package dev.mssqlbulk.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * A failure the client cannot fix is answered with a generic message and the request id; the driver's text (hosts,
 * ports, statements) and server paths stay in the log.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class ErrorRepliesTest {

    @Test
    void aLostDatabaseConnectionIsA503WithoutTheDriversText() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's connection drop");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        Api.asTest().get(Api.BASE + "/bulk/jobs").then().statusCode(200);
        Response failed = null;
        try {
            for (int i = 0; i < 10 && failed == null; i++) { // a background statement may take the one-shot drop
                emulator.faults().dropConnectionAfterStatements(1);
                Response reply = Api.asTest().get(Api.BASE + "/bulk/jobs");
                if (reply.statusCode() != 200) {
                    failed = reply;
                }
            }
        } finally {
            emulator.faults().reset();
        }
        assumeTrue(failed != null, "the drop never hit the listing");
        assertEquals(503, failed.statusCode());
        String message = failed.jsonPath().getString("message");
        assertEquals("the database is unreachable; retry later", message);
        String body = failed.asString();
        for (String internal : new String[] {
            MssqlTestResource.connectOptions().getHost() + ":",
            String.valueOf(MssqlTestResource.connectOptions().getPort()),
            "onnection",
            "xception",
            "SELECT"
        }) {
            assertFalse(body.contains(internal), "the reply says " + internal + ": " + body);
        }
        assertFalse(failed.jsonPath().getString("requestId").isBlank(), "the request id finds the log lines");
    }
}
