package dev.mssqlbulk.endtoend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without the management interface, health is served on the public port, unauthenticated: it then says whether
 * the service is ready and how many databases are down, but names no instance and carries no driver text.
 */
@QuarkusTest
@TestProfile(PublicHealthTest.NoManagementInterface.class)
@WithTestResource(MssqlTestResource.class)
class PublicHealthTest {

    public static class NoManagementInterface implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.management.enabled", "false");
        }
    }

    @Test
    void readinessOnThePublicPortTellsNoInstanceNameAndNoDatabaseError() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        String body;
        emulator.faults().delayReplies(Duration.ofSeconds(5));
        try {
            body = given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks[0].data.down", greaterThan(0))
                    .extract()
                    .asString();
        } finally {
            emulator.faults().reset();
        }
        for (String internal : new String[] {
            "\"test\"",
            "\"batch\"",
            "\"strict\"",
            "\"other\"",
            "DOWN:",
            "imeout",
            MssqlTestResource.connectOptions().getHost() + ":"
                    + MssqlTestResource.connectOptions().getPort()
        }) {
            assertFalse(body.contains(internal), "the public readiness says " + internal + ": " + body);
        }
        for (int i = 0; i < 100 && given().get("/q/health/ready").statusCode() != 200; i++) {
            Api.sleep(100);
        }
    }
}
