package dev.mssqlbulk.callback;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Posts a job's final status JSON to its callback URL, signed when the instance has a signature key (both
 * {@link WebhookSignature} and {@link StandardWebhookSignature}), retrying failures (no answer, or any answer but
 * 2xx; redirects are not followed) with exponential backoff.
 *
 * <p>Before every attempt the host is resolved and the URL and each address checked by {@link CallbackUrlPolicy};
 * the request then connects to that checked address, with the name only in {@code Host}, TLS SNI and the
 * certificate check. It never resolves the name a second time (a DNS answer that changes between check and
 * connect, DNS rebinding, cannot steer it inside). A refusal ends the callback at once, without retries.
 *
 * <p>Never throws and never fails its {@link Uni}: the {@link CallbackOutcome} says what happened. Name
 * resolution runs on a worker thread; nothing else blocks. One Vert.x HTTP client serves every callback
 * (connections are not kept alive: callback URLs are usually per job).
 */
@ApplicationScoped
public class CallbackSender {

    private static final Logger LOG = Logger.getLogger(CallbackSender.class);

    private final CallbackConfig config;
    private final CallbackUrlPolicy policy;
    private final HttpClient client;
    private volatile boolean stopped;

    @Inject
    public CallbackSender(CallbackConfig config, CallbackUrlPolicy policy, Vertx vertx) {
        this.config = config;
        this.policy = policy;
        int timeout =
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.timeout().toMillis()));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setName("mssql-bulk-callbacks"));
    }

    /** Posts {@code jsonBody} to {@code url} under a fresh delivery id, signed when there is a non-empty key. */
    public Uni<CallbackOutcome> send(URI url, Optional<String> signatureKey, String jsonBody) {
        return send(url, signatureKey, "msg_" + UUID.randomUUID(), jsonBody, attempt -> {});
    }

    /**
     * Posts {@code jsonBody} to {@code url}, telling {@code onAttempt} the result of each attempt as it ends (the
     * last one included), e.g. to show it on the job while the callback is retried. {@code onAttempt} must not block.
     *
     * @param deliveryId the {@value StandardWebhookSignature#ID}: the same for every attempt and every re-send of
     *                   the same message, so that a receiver can drop duplicates
     */
    public Uni<CallbackOutcome> send(
            URI url,
            Optional<String> signatureKey,
            String deliveryId,
            String jsonBody,
            Consumer<CallbackAttempt> onAttempt) {
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom()
                .item(() -> prepare(url, signatureKey, deliveryId, jsonBody))
                .onItem()
                .transformToUni(call -> attempt(call, 1, attempts, onAttempt))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("Callback to %s failed: %s", host(url), reason(failure));
                    return CallbackOutcome.failed(attempts.get(), null, reason(failure));
                });
    }

    /** Callbacks still going on end as failed. */
    @PreDestroy
    void stop() {
        stopped = true;
        client.close();
    }

    private Call prepare(URI url, Optional<String> signatureKey, String deliveryId, String jsonBody) {
        if (url == null || jsonBody == null || deliveryId == null) {
            throw new IllegalArgumentException("no callback URL, delivery id or body");
        }
        if (stopped) {
            throw new IllegalStateException("the service is stopping");
        }
        String key = signatureKey == null
                ? null
                : signatureKey.filter(k -> !k.isEmpty()).orElse(null);
        return new Call(
                url,
                host(url),
                key,
                deliveryId,
                jsonBody.getBytes(StandardCharsets.UTF_8),
                Math.max(1, config.maxAttempts()));
    }

    private Uni<CallbackOutcome> attempt(
            Call call, int n, AtomicInteger attempts, Consumer<CallbackAttempt> onAttempt) {
        attempts.set(n);
        return Uni.createFrom()
                .item(Unchecked.supplier(() -> policy.target(call.url)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // name resolution blocks
                .onItem()
                .transformToUni(target -> post(call, target))
                .ifNoItem()
                .after(positive(config.timeout()))
                .fail()
                .onItemOrFailure()
                .transformToUni((status, failure) -> {
                    if (failure instanceof CallbackRefused refused) {
                        LOG.warnf("Callback to %s refused by policy: %s", call.host, refused.getMessage());
                        return Uni.createFrom().item(CallbackOutcome.refused(n - 1, refused.getMessage()));
                    }
                    if (failure == null && status >= 200 && status < 300) {
                        report(onAttempt, new CallbackAttempt(n, call.maxAttempts, status, null, null));
                        return Uni.createFrom().item(CallbackOutcome.delivered(n, status));
                    }
                    String error = failure == null ? "HTTP " + status : reason(failure);
                    if (n >= call.maxAttempts || stopped) {
                        LOG.warnf(
                                "Callback to %s failed (attempt %d of %d, giving up): %s",
                                call.host, n, call.maxAttempts, error);
                        report(onAttempt, new CallbackAttempt(n, call.maxAttempts, status, error, null));
                        return Uni.createFrom().item(CallbackOutcome.failed(n, status, error));
                    }
                    Duration wait = backoff(n);
                    LOG.warnf(
                            "Callback to %s failed (attempt %d of %d, retrying in %s): %s",
                            call.host, n, call.maxAttempts, CallbackAttempt.human(wait), error);
                    report(onAttempt, new CallbackAttempt(n, call.maxAttempts, status, error, wait));
                    Uni<Void> pause = wait.isZero()
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
                    return pause.chain(() -> attempt(call, n + 1, attempts, onAttempt));
                });
    }

    /** One POST to the checked address; the status of the answer (its body is not read). */
    private Uni<Integer> post(Call call, CallbackTarget target) {
        long timeout = Math.max(1, config.timeout().toMillis());
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setHost(target.hostName())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "mssql-bulk")
                .putHeader(StandardWebhookSignature.ID, call.deliveryId);
        long timestamp = Instant.now().getEpochSecond();
        request.putHeader(StandardWebhookSignature.TIMESTAMP, Long.toString(timestamp));
        if (call.key != null) {
            request.putHeader(WebhookSignature.HEADER, WebhookSignature.sign(call.key, call.body));
            request.putHeader(
                    StandardWebhookSignature.SIGNATURE,
                    StandardWebhookSignature.sign(call.key, call.deliveryId, timestamp, call.body));
        }
        return Uni.createFrom()
                .completionStage(() -> client.request(request)
                        .compose(req -> req.send(Buffer.buffer(call.body)).map(response -> {
                            int status = response.statusCode();
                            req.connection().close(); // the answer's body is not wanted
                            return status;
                        }))
                        .toCompletionStage());
    }

    /** Wait after failed attempt {@code n}: initial backoff doubled n-1 times, at most the max backoff. */
    Duration backoff(int n) {
        return backoff(config, n);
    }

    static Duration backoff(CallbackConfig config, int n) {
        Duration max = config.maxBackoff().isNegative() ? Duration.ZERO : config.maxBackoff();
        Duration wait = config.initialBackoff().isNegative() ? Duration.ZERO : config.initialBackoff();
        for (int i = 1; i < n && wait.compareTo(max) < 0 && !wait.isZero(); i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    private static void report(Consumer<CallbackAttempt> onAttempt, CallbackAttempt attempt) {
        try {
            onAttempt.accept(attempt);
        } catch (RuntimeException e) {
            LOG.warn("Callback attempt listener failed", e);
        }
    }

    private static String host(URI url) {
        return url == null ? null : url.getHost();
    }

    /** A short reason for a failure without an answer: "connection refused", "timed out"... */
    static String reason(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof TimeoutException
                    || t instanceof SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return "timed out";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof SSLException) {
                return "TLS failure";
            }
            if (t instanceof ConnectException) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                return message.contains("refused") ? "connection refused" : "cannot connect";
            }
            if (t.getClass().getSimpleName().equals("HttpClosedException")) {
                return "connection closed";
            }
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private record Call(URI url, String host, String key, String deliveryId, byte[] body, int maxAttempts) {}
}
