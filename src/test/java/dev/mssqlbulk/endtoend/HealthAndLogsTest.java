package dev.mssqlbulk.endtoend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.Management;
import dev.mssqlbulk.testing.MssqlTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the databases, liveness does not, both on the management port only; logs are JSON and never
 * carry a secret.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class HealthAndLogsTest {

    @Test
    void readinessGoesDownWhileTheDatabaseDoesNotAnswerAndLivenessStaysUp() {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        Management.request().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        emulator.faults().delayReplies(Duration.ofSeconds(5));
        try {
            // the management interface is for operators: it names the instance and its error
            Management.request()
                    .get("/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks[0].data.test", org.hamcrest.Matchers.startsWith("DOWN"));
            Management.request().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            emulator.faults().reset();
        }
        for (int i = 0; i < 100 && Management.request().get("/health/ready").statusCode() != 200; i++) {
            Api.sleep(100);
        }
        Management.request().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesHealthAndMetricsOnlyOnTheManagementPort() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/health/live").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        Management.request().get("/metrics").then().statusCode(200);
    }

    @Test
    void noSecretReachesTheLogsDuringAJobThatUsesEveryOne() throws IOException {
        // every secret of the test instances: tokens, user secrets, database password, signature key
        List<String> secrets = List.of(
                "test-element-token",
                "test-user-secret",
                "other-element-token",
                "other-user-secret",
                MssqlTestResource.connectOptions().getPassword(),
                "test-signing-key");
        Api.as("Element test-element-token, User wrong-secret")
                .get(Api.BASE + "/objects")
                .then()
                .statusCode(401);
        String id = Api.asTest()
                .header("Elements-Async-Callback-Url", "http://127.0.0.1:9/hook")
                .multiPart(
                        "file", "s.csv", "id,label,amount\n1,a,1\n2,b,x\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/option_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30));
        Api.sleep(1500);

        Path log = Path.of("target/quarkus-test.log");
        assertTrue(Files.exists(log), "the suite writes its log to " + log);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty());
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            assertTrue(json.readTree(line).has("message"), "a JSON log record: " + line);
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a secret in the log: " + line);
            }
        }
        assertTrue(
                lines.stream().anyMatch(l -> l.contains("127.0.0.1") && l.contains("attempt")),
                "the failed callback attempts were logged (so the scan saw the job's own log lines)");
    }
}
