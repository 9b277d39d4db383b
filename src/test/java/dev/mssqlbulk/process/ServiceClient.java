package dev.mssqlbulk.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** The bulk API of one replica as a client uses it over HTTP, with the cluster's credentials. */
public final class ServiceClient {
    public static final String BASE = "/elements/api-v2/hubs/chaos";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Uploads a CSV file (multipart, streamed from disk) and returns the job id; fails on any status but 200. */
    public String upload(ServiceProcess node, String object, Path csv, String metaData)
            throws IOException, InterruptedException {
        String boundary = "chaos" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        if (metaData != null) {
            head.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"metaData\"\r\n")
                    .append("Content-Type: application/json\r\n\r\n")
                    .append(metaData)
                    .append("\r\n");
        }
        head.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(csv.getFileName())
                .append("\"\r\nContent-Type: text/csv\r\n\r\n");
        HttpRequest request = HttpRequest.newBuilder(node.uri(BASE + "/bulk/" + object))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", ServiceCluster.AUTHORIZATION)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head.toString()),
                        HttpRequest.BodyPublishers.ofFile(csv),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("upload to " + node.nodeId() + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** GET /bulk/{id}/status; IOException when the replica does not answer 200 within a few seconds. */
    public JsonNode status(ServiceProcess node, String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(node.uri(BASE + "/bulk/" + id + "/status"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", ServiceCluster.AUTHORIZATION)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "status from " + node.nodeId() + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public static boolean ended(JsonNode status) {
        String s = status.path("status").asText();
        return s.equals("COMPLETE") || s.equals("ERROR") || s.equals("CANCELLED");
    }
}
