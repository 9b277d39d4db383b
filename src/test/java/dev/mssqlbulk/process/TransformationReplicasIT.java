package dev.mssqlbulk.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.emulator.EmulatorOptions;
import dev.mssqlbulk.emulator.MssqlEmulator;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transformation defined through one replica is used by another: two service processes on one database, the
 * definition stored in the instance's database and read by each (nothing cached).
 */
class TransformationReplicasIT {

    private static final String SCHEMA = """
            CREATE TABLE [dbo].[people] ([id] INT NOT NULL PRIMARY KEY, [first_name] NVARCHAR(50) NULL,
              [birth_date] DATE NULL)
            """;
    private static final String DEFINITION = """
            {"vendorName": "people", "fields": [
              {"path": "Contact ID", "vendorPath": "id", "type": "number"},
              {"path": "First Name", "vendorPath": "first_name", "type": "string"},
              {"path": "DOB", "vendorPath": "birth_date", "type": "date",
               "configuration": [{"properties": {"pattern": "dd/MM/yyyy"}}]}]}
            """;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ServiceClient client = new ServiceClient();

    @Test
    void aTransformationDefinedThroughOneReplicaLoadsAnUploadThroughAnother() throws Exception {
        Path work = Path.of("target", "chaos", "transformation-replicas-" + System.currentTimeMillis());
        try (MssqlEmulator emulator = MssqlEmulator.start(EmulatorOptions.defaults());
                ServiceCluster cluster = new ServiceCluster(emulator, work, Duration.ofSeconds(3), Map.of())) {
            emulator.executeScript(SCHEMA);
            ServiceProcess a = cluster.start("node-a");
            ServiceProcess b = cluster.start("node-b");

            assertEquals(
                    200,
                    send(a, "PUT", "/transformations/crm_contacts", DEFINITION).statusCode());
            HttpResponse<String> seen = send(b, "GET", "/transformations/crm_contacts", null);
            assertEquals(200, seen.statusCode(), seen.body());
            assertEquals(
                    "people",
                    new ObjectMapper().readTree(seen.body()).path("vendorName").asText());

            Path csv = Files.createDirectories(work).resolve("contacts.csv");
            Files.writeString(csv, "DOB,First Name,Contact ID\n31/01/1990,Ada,1\n28/02/1991,Grace,2\n");
            String id = client.upload(b, "crm_contacts", csv, null);
            JsonNode status = awaitEnd(b, id);
            assertEquals("COMPLETE", status.path("status").asText(), status.toString());
            assertEquals(2, status.path("recordsSucceededCount").asInt());

            assertEquals(
                    204,
                    send(b, "DELETE", "/transformations/crm_contacts", null).statusCode());
            assertEquals(
                    404, send(a, "GET", "/transformations/crm_contacts", null).statusCode());
        }
    }

    private HttpResponse<String> send(ServiceProcess node, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(ServiceClient.BASE + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", ServiceCluster.AUTHORIZATION);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitEnd(ServiceProcess node, String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode status = client.status(node, id);
        while (!ServiceClient.ended(status) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = client.status(node, id);
        }
        return status;
    }
}
