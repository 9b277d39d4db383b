package dev.mssqlbulk.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.MssqlTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Posts callbacks to receivers started here on loopback, which check them the way a client would. The injected
 * sender runs with the application's settings, the defaults unless the test configuration sets
 * {@code mssql-bulk.callback.*} (it needs max-attempts >= 3; the defaults cost 1s + 2s of backoff with the flaky
 * receiver). The cases that give up use a sender of their own with short backoffs.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class CallbackSenderTest {

    private static final String KEY = "instance-signature-key";
    /** Non-ASCII on purpose: the bytes sent must be the UTF-8 bytes that were signed. */
    private static final String BODY =
            "{\"id\":42,\"status\":\"COMPLETED\",\"table\":\"Städte\",\"note\":\"✓ naïve \\\"quoted\\\"\",\"rows\":3}";

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    Vertx vertx;

    @Inject
    CallbackSender sender;

    @Inject
    CallbackConfig config;

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<CallbackSender> ownSenders = new ArrayList<>();

    @AfterEach
    void stopReceivers() throws Exception {
        ownSenders.forEach(CallbackSender::stop);
        for (HttpServer server : servers) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deliversTheSignedBodyByteForByteToAReceiverThatFailsTwiceFirst() throws Exception {
        Receiver receiver = receiver(n -> n <= 2 ? 500 : 204);
        List<CallbackAttempt> attempts = new CopyOnWriteArrayList<>();

        CallbackOutcome outcome = sender.send(
                        receiver.uri("/hooks/jobs/42?token=abc%20def"), Optional.of(KEY), "job_42", BODY, attempts::add)
                .await()
                .atMost(AWAIT);

        assertEquals(CallbackOutcome.delivered(3, 204), outcome);
        assertEquals("delivered", outcome.describe());
        assertEquals(3, receiver.received.size());
        byte[] sent = BODY.getBytes(StandardCharsets.UTF_8);
        for (Received request : receiver.received) {
            assertEquals("POST", request.method);
            assertEquals("/hooks/jobs/42?token=abc%20def", request.uri);
            assertArrayEquals(sent, request.body, "the body received is the body sent, byte for byte");
            assertTrue(request.signatureVerified, "the receiver verified the signature with the key");
            assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
        }
        assertEquals(WebhookSignature.sign(KEY, sent), receiver.received.get(0).header(WebhookSignature.HEADER));
        assertTrue(
                receiver.received.stream().allMatch(r -> r.standardSignatureVerified),
                "every attempt carries a valid Standard Webhooks signature");
        assertEquals(
                1,
                receiver.received.stream()
                        .map(r -> r.header(StandardWebhookSignature.ID))
                        .distinct()
                        .count(),
                "one delivery id for all attempts");
        int max = config.maxAttempts();
        assertEquals(
                List.of(
                        new CallbackAttempt(1, max, 500, "HTTP 500", config.initialBackoff()),
                        new CallbackAttempt(2, max, 500, "HTTP 500", sender.backoff(2)),
                        new CallbackAttempt(3, max, 204, null, null)),
                attempts,
                "each attempt was reported as it ended");
    }

    @Test
    void sendsNoSignatureHeaderWithoutAKey() throws Exception {
        Receiver receiver = receiver(n -> 204);

        CallbackOutcome outcome =
                sender.send(receiver.uri("/cb"), Optional.empty(), BODY).await().atMost(AWAIT);

        assertEquals(CallbackOutcome.delivered(1, 204), outcome);
        assertEquals(1, receiver.received.size());
        Received request = receiver.received.get(0);
        assertNull(request.header(WebhookSignature.HEADER));
        assertNull(request.header(StandardWebhookSignature.SIGNATURE));
        assertFalse(
                request.headers.keySet().stream().anyMatch(h -> h.toLowerCase().contains("signature")),
                () -> "headers: " + request.headers);
        assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), request.body);
    }

    @Test
    void sendsFromAnEventLoopWithoutWaitingThereForTheOutcome() throws Exception {
        Receiver receiver = receiver(n -> n == 1 ? 503 : 200);
        CallbackSender quick =
                ownSender(TestCallbackConfig.defaults().withRetries(3, Duration.ofMillis(20), Duration.ofMillis(20)));
        CompletableFuture<CallbackOutcome> result = new CompletableFuture<>();
        CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();
        CompletableFuture<Boolean> returnedFirst = new CompletableFuture<>();

        vertx.runOnContext(ignored -> {
            onEventLoop.complete(io.vertx.core.Context.isOnEventLoopThread());
            quick.send(receiver.uri("/cb"), Optional.of(KEY), BODY)
                    .subscribe()
                    .with(result::complete, result::completeExceptionally);
            returnedFirst.complete(!result.isDone());
        });

        assertTrue(onEventLoop.get(10, TimeUnit.SECONDS));
        assertTrue(returnedFirst.get(10, TimeUnit.SECONDS), "subscribing returned before the callback ended");
        assertEquals(CallbackOutcome.delivered(2, 200), result.get(30, TimeUnit.SECONDS));
        assertTrue(receiver.received.stream().allMatch(r -> r.signatureVerified));
    }

    @Test
    void givesUpAfterMaxAttemptsWhenTheReceiverAlwaysFails() throws Exception {
        Receiver receiver = receiver(n -> 500);
        CallbackSender quick =
                ownSender(TestCallbackConfig.defaults().withRetries(4, Duration.ofMillis(10), Duration.ofMillis(40)));
        List<CallbackAttempt> attempts = new CopyOnWriteArrayList<>();

        CallbackOutcome outcome = quick.send(receiver.uri("/cb"), Optional.of(KEY), "job_43", BODY, attempts::add)
                .await()
                .atMost(AWAIT);

        assertEquals(CallbackOutcome.failed(4, 500, "HTTP 500"), outcome);
        assertEquals("failed", outcome.describe());
        assertEquals(4, receiver.received.size());
        assertEquals(
                List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40)),
                attempts.stream().map(CallbackAttempt::retryIn).limit(3).toList());
        assertEquals("failed", attempts.get(3).describe());
    }

    @Test
    void givesUpWithConnectionRefusedWhenNothingListens() throws Exception {
        Receiver gone = receiver(n -> 204);
        URI url = gone.uri("/cb");
        gone.server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        CallbackSender quick =
                ownSender(TestCallbackConfig.defaults().withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)));

        CallbackOutcome outcome =
                quick.send(url, Optional.of(KEY), BODY).await().atMost(AWAIT);

        assertEquals(CallbackOutcome.failed(2, null, "connection refused"), outcome);
        assertEquals("failed", outcome.describe(), "the job does not learn that the port is closed");
    }

    @Test
    void givesUpWithTimedOutWhenTheReceiverNeverAnswers() throws Exception {
        Receiver silent = receiver(n -> 0); // 0: never answer
        CallbackSender quick = ownSender(TestCallbackConfig.defaults()
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10))
                .withTimeout(Duration.ofMillis(300)));

        long start = System.nanoTime();
        CallbackOutcome outcome =
                quick.send(silent.uri("/cb"), Optional.empty(), BODY).await().atMost(AWAIT);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(CallbackOutcome.failed(2, null, "timed out"), outcome);
        assertEquals(2, silent.received.size());
        assertTrue(elapsedMillis < 10_000, "each attempt is cut at the timeout; took " + elapsedMillis + "ms");
    }

    @Test
    void treatsARedirectAsAFailureWithoutFollowingIt() throws Exception {
        Receiver target = receiver(n -> 204);
        Receiver redirecting = receiver(n -> 307, target.uri("/elsewhere").toString());
        CallbackSender quick =
                ownSender(TestCallbackConfig.defaults().withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)));

        CallbackOutcome outcome = quick.send(redirecting.uri("/cb"), Optional.of(KEY), BODY)
                .await()
                .atMost(AWAIT);

        assertEquals(CallbackOutcome.failed(2, 307, "HTTP 307"), outcome);
        assertEquals(2, redirecting.received.size());
        assertTrue(target.received.isEmpty(), "the redirect was not followed");
    }

    @Test
    void endsAsAFailedOutcomeInsteadOfThrowingOnBadInput() {
        CallbackOutcome outcome =
                sender.send(null, Optional.of(KEY), BODY).await().atMost(AWAIT);

        assertFalse(outcome.delivered());
        assertEquals(0, outcome.attempts());
    }

    @Test
    void refusesAReceiverOnLoopbackByDefaultWithoutConnecting() throws Exception {
        Receiver receiver = receiver(n -> 204);
        CallbackSender strict = ownSender(TestCallbackConfig.defaults(), HostResolver.SYSTEM);
        List<CallbackAttempt> attempts = new CopyOnWriteArrayList<>();

        CallbackOutcome outcome = strict.send(receiver.uri("/cb"), Optional.of(KEY), "job_1", BODY, attempts::add)
                .await()
                .atMost(AWAIT);

        assertEquals(CallbackOutcome.Result.REFUSED, outcome.result());
        assertEquals("refused by policy", outcome.describe());
        assertEquals(0, outcome.attempts());
        assertTrue(attempts.isEmpty(), "a refusal is not retried");
        assertTrue(receiver.received.isEmpty(), "nothing reached the receiver");
    }

    @Test
    void refusesANameThatResolvesToLoopbackByDefault() throws Exception {
        Receiver receiver = receiver(n -> 204);
        CallbackSender strict = ownSender(TestCallbackConfig.defaults(), resolvingToLoopback("hooks.example.test"));

        CallbackOutcome outcome = strict.send(
                        URI.create("http://hooks.example.test:" + receiver.server.actualPort() + "/cb"),
                        Optional.of(KEY),
                        BODY)
                .await()
                .atMost(AWAIT);
        CallbackOutcome viaLocalhost = strict.send(
                        URI.create("http://localhost:" + receiver.server.actualPort() + "/cb"), Optional.of(KEY), BODY)
                .await()
                .atMost(AWAIT);

        assertEquals(CallbackOutcome.Result.REFUSED, outcome.result());
        assertEquals(CallbackOutcome.Result.REFUSED, viaLocalhost.result());
        assertTrue(receiver.received.isEmpty());
    }

    @Test
    void connectsToTheCheckedAddressAndSendsTheNameOnlyAsHost() throws Exception {
        Receiver receiver = receiver(n -> n == 1 ? 503 : 204);
        AtomicInteger lookups = new AtomicInteger();
        HostResolver once = host -> {
            lookups.incrementAndGet();
            return resolvingToLoopback("hooks.example.test").resolve(host);
        };
        CallbackSender sender = ownSender(
                TestCallbackConfig.defaults()
                        .withAllowedHosts("127.0.0.1/32")
                        .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)),
                once);

        CallbackOutcome outcome = sender.send(
                        URI.create("http://hooks.example.test:" + receiver.server.actualPort() + "/cb"),
                        Optional.of(KEY),
                        BODY)
                .await()
                .atMost(AWAIT);

        // the JVM cannot resolve hooks.example.test: the receiver was reached through the address that was checked
        assertEquals(CallbackOutcome.delivered(2, 204), outcome);
        assertEquals(2, lookups.get(), "one lookup per attempt, none by the HTTP client");
        assertEquals(
                "hooks.example.test:" + receiver.server.actualPort(),
                receiver.received.get(1).header("Host"));
    }

    private static HostResolver resolvingToLoopback(String name) {
        return host -> host.equalsIgnoreCase(name)
                ? List.of(java.net.InetAddress.getByName("127.0.0.1"))
                : HostResolver.SYSTEM.resolve(host);
    }

    /** A sender allowed to reach the loopback receivers. */
    private CallbackSender ownSender(TestCallbackConfig config) {
        return ownSender(config.withAllowedHosts("127.0.0.1"), HostResolver.SYSTEM);
    }

    private CallbackSender ownSender(CallbackConfig config, HostResolver resolver) {
        CallbackSender own = new CallbackSender(config, new CallbackUrlPolicy(config, resolver), vertx);
        ownSenders.add(own);
        return own;
    }

    private Receiver receiver(IntFunction<Integer> statusOfRequest) throws Exception {
        return receiver(statusOfRequest, null);
    }

    /** A receiver answering its n-th request (from 1) with statusOfRequest(n); 0 for no answer at all. */
    private Receiver receiver(IntFunction<Integer> statusOfRequest, String location) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger count = new AtomicInteger();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    byte[] raw = body.getBytes();
                    String timestamp = request.getHeader(StandardWebhookSignature.TIMESTAMP);
                    received.add(new Received(
                            request.method().name(),
                            request.uri(),
                            headers(request),
                            raw,
                            WebhookSignature.verify(KEY, raw, request.getHeader(WebhookSignature.HEADER)),
                            timestamp != null
                                    && StandardWebhookSignature.verify(
                                            KEY,
                                            request.getHeader(StandardWebhookSignature.ID),
                                            Long.parseLong(timestamp),
                                            raw,
                                            request.getHeader(StandardWebhookSignature.SIGNATURE))));
                    int status = statusOfRequest.apply(count.incrementAndGet());
                    if (status == 0) {
                        return;
                    }
                    if (location != null) {
                        request.response().putHeader("Location", location);
                    }
                    request.response().setStatusCode(status).end();
                }));
        servers.add(server);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Receiver(server, received);
    }

    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
        return headers;
    }

    private record Receiver(HttpServer server, List<Received> received) {
        URI uri(String pathAndQuery) {
            return URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery);
        }
    }

    private record Received(
            String method,
            String uri,
            Map<String, String> headers,
            byte[] body,
            boolean signatureVerified,
            boolean standardSignatureVerified) {
        String header(String name) {
            return headers.get(name);
        }
    }
}
