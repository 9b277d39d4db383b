package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.DocumentedWebhookReceiver;
import dev.mssqlbulk.testing.MssqlTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job's end is posted to its callback URL, signed with the instance's key (test instance: test-signing-key)
 * both ways, checked by a receiver written from the README; a receiver that fails twice gets it on the third
 * attempt, and the job shows how the callback went. The test configuration opens 127.0.0.1 for callbacks.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class CallbackDeliveryTest {

    @Inject
    Vertx vertx;

    private HttpServer receiver;
    private final List<String> verifiedBodies = new CopyOnWriteArrayList<>();
    private final List<String> deliveryIds = new CopyOnWriteArrayList<>();
    private final DocumentedWebhookReceiver documented = new DocumentedWebhookReceiver("test-signing-key");
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stopReceiver() throws Exception {
        if (receiver != null) {
            receiver.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void postsTheSignedFinalStatusAndRetriesAReceiverThatFailsTwice() throws Exception {
        int port = startReceiver(2);
        String id = Api.asTest()
                .header("Elements-Async-Callback-Url", "http://127.0.0.1:" + port + "/hooks/bulk?x=1")
                .multiPart("file", "c.csv", "id,label\n9101,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30));
        Instant deadline = Instant.now().plusSeconds(30);
        while (verifiedBodies.isEmpty() && Instant.now().isBefore(deadline)) {
            Api.sleep(50);
        }
        assertEquals(1, verifiedBodies.size(), "one signed delivery");
        assertEquals(3, requests.get(), "two failures, then the delivery");
        JsonPath delivered = JsonPath.from(verifiedBodies.get(0));
        assertEquals(id, delivered.getString("id"));
        assertEquals("COMPLETE", delivered.getString("status"));
        assertEquals(1, delivered.getInt("recordsSucceededCount"));
        awaitCallbackStatus(id, "delivered");
        Api.status(id).then().body("callbackStatus", equalTo("delivered"));
        assertEquals(
                List.of("job_" + id, "job_" + id, "job_" + id),
                deliveryIds,
                "every attempt carries the job's one delivery id");
    }

    @Test
    void refusesACallbackUrlNamingAnInternalAddressWithoutCreatingAJob() {
        Api.asTest()
                .header("Elements-Async-Callback-Url", "http://10.1.2.3:8080/hook")
                .multiPart("file", "c.csv", "id,label\n9203,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400)
                .body("message", containsString("internal address"));
    }

    @Test
    void refusesACallbackUrlThatIsNotHttpWithoutCreatingAJob() {
        Api.asTest()
                .header("Elements-Async-Callback-Url", "ftp://example.com/hook")
                .multiPart("file", "c.csv", "id,label\n9201,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400)
                .body("message", containsString("Elements-Async-Callback-Url"));
    }

    @Test
    void refusesACallbackUrlPointingAtACloudMetadataEndpoint() {
        Api.asTest()
                .header("Elements-Async-Callback-Url", "http://169.254.169.254/latest/meta-data")
                .multiPart("file", "c.csv", "id,label\n9202,a\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/control_items")
                .then()
                .statusCode(400);
    }

    private int startReceiver(int failuresFirst) throws Exception {
        receiver = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    int n = requests.incrementAndGet();
                    deliveryIds.add(request.getHeader("webhook-id"));
                    if (n <= failuresFirst) {
                        request.response().setStatusCode(500).end();
                        return;
                    }
                    byte[] raw = body.getBytes();
                    Map<String, String> headers = new HashMap<>();
                    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                    boolean signed;
                    try {
                        signed = documented.elementsSignatureValid(headers, raw)
                                && documented.standardSignatureValid(headers, raw, Instant.now());
                    } catch (Exception e) {
                        signed = false;
                    }
                    if (signed) {
                        verifiedBodies.add(new String(raw, StandardCharsets.UTF_8));
                    }
                    request.response().setStatusCode(signed ? 204 : 401).end();
                }));
        return receiver.listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS)
                .actualPort();
    }

    private static void awaitCallbackStatus(String id, String word) {
        for (int i = 0; i < 200; i++) {
            String status = Api.status(id).jsonPath().getString("callbackStatus");
            if (status != null && status.contains(word)) {
                assertTrue(status.startsWith(word), status);
                return;
            }
            Api.sleep(50);
        }
        throw new AssertionError("callback status of job " + id + " never said " + word);
    }
}
