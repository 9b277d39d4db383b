package dev.mssqlbulk.callback;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Posts a job's final status JSON to its callback URL, signed when the instance has a signature key, retrying
 * failures (no answer, or any answer but 2xx; redirects are not followed) with exponential backoff.
 *
 * <p>Never throws and never fails its {@link Uni}: the {@link CallbackOutcome} says what happened. Nothing here
 * blocks the calling thread. A REST client is built for each callback (callback URLs are usually per job, so there
 * is nothing to share) and closed when the callback ends, or when the application stops.
 */
@ApplicationScoped
public class CallbackSender {

    private static final Logger LOG = Logger.getLogger(CallbackSender.class);

    private final CallbackConfig config;
    private final Set<CallbackClient> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    public CallbackSender(CallbackConfig config) {
        this.config = config;
    }

    /** Posts {@code jsonBody} to {@code url}, with the signature header when there is a non-empty key. */
    public Uni<CallbackOutcome> send(URI url, Optional<String> signatureKey, String jsonBody) {
        return send(url, signatureKey, jsonBody, attempt -> { });
    }

    /**
     * As {@link #send(URI, Optional, String)}, telling {@code onAttempt} the result of each attempt as it ends (the
     * last one included), e.g. to show it on the job while the callback is retried. {@code onAttempt} must not block.
     */
    public Uni<CallbackOutcome> send(URI url, Optional<String> signatureKey, String jsonBody,
                                     Consumer<CallbackAttempt> onAttempt) {
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().item(() -> prepare(url, signatureKey, jsonBody))
                // building a client may load TLS material: never on an event loop
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(call -> attempt(call, 1, attempts, onAttempt)
                        .onTermination().invoke(() -> close(call.client)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Callback to %s failed: %s", host(url), reason(failure));
                    return CallbackOutcome.failed(attempts.get(), null, reason(failure));
                });
    }

    /** Closes the clients of the callbacks still going on; they end as failed. */
    @PreDestroy
    void stop() {
        stopped = true;
        open.forEach(this::close);
    }

    private Call prepare(URI url, Optional<String> signatureKey, String jsonBody) {
        if (url == null || jsonBody == null) {
            throw new IllegalArgumentException("no callback URL or body");
        }
        if (stopped) {
            throw new IllegalStateException("the service is stopping");
        }
        String signature = signatureKey == null ? null : signatureKey
                .filter(key -> !key.isEmpty())
                .map(key -> WebhookSignature.sign(key, jsonBody.getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
        long timeout = Math.max(1, config.timeout().toMillis());
        CallbackClient client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .build(CallbackClient.class);
        open.add(client);
        if (stopped) { // raced with stop()
            close(client);
            throw new IllegalStateException("the service is stopping");
        }
        return new Call(client, host(url), signature, jsonBody, Math.max(1, config.maxAttempts()));
    }

    private Uni<CallbackOutcome> attempt(Call call, int n, AtomicInteger attempts,
                                         Consumer<CallbackAttempt> onAttempt) {
        attempts.set(n);
        return Uni.createFrom().deferred(() -> call.client.post(call.signature, call.body))
                .ifNoItem().after(positive(config.timeout())).fail()
                .onItemOrFailure().transformToUni((response, failure) -> {
                    Integer status;
                    String error;
                    if (failure == null) {
                        status = response.getStatus();
                        response.close();
                        if (status >= 200 && status < 300) {
                            report(onAttempt, new CallbackAttempt(n, call.maxAttempts, status, null, null));
                            return Uni.createFrom().item(CallbackOutcome.delivered(n, status));
                        }
                        error = "HTTP " + status;
                    } else {
                        status = failure instanceof WebApplicationException wae && wae.getResponse() != null
                                ? Integer.valueOf(wae.getResponse().getStatus()) : null;
                        error = status != null ? "HTTP " + status : reason(failure);
                    }
                    if (n >= call.maxAttempts || stopped) {
                        LOG.warnf("Callback to %s failed (attempt %d of %d, giving up): %s",
                                call.host, n, call.maxAttempts, error);
                        report(onAttempt, new CallbackAttempt(n, call.maxAttempts, status, error, null));
                        return Uni.createFrom().item(CallbackOutcome.failed(n, status, error));
                    }
                    Duration wait = backoff(n);
                    LOG.warnf("Callback to %s failed (attempt %d of %d, retrying in %s): %s",
                            call.host, n, call.maxAttempts, CallbackAttempt.human(wait), error);
                    report(onAttempt, new CallbackAttempt(n, call.maxAttempts, status, error, wait));
                    Uni<Void> pause = wait.isZero() ? Uni.createFrom().voidItem()
                            : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
                    return pause.chain(() -> attempt(call, n + 1, attempts, onAttempt));
                });
    }

    /** Wait after failed attempt {@code n}: initial backoff doubled n-1 times, at most the max backoff. */
    Duration backoff(int n) {
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

    private void close(CallbackClient client) {
        open.remove(client);
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing a callback client failed", e);
            }
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
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
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

    private record Call(CallbackClient client, String host, String signature, String body, int maxAttempts) {
    }
}
