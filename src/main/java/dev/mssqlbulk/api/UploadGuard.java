package dev.mssqlbulk.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.staging.StagingQuota;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Refuses an upload with {@code 507} and {@code Retry-After} <em>before its body is read</em> when it would break
 * the instance's staging quota or the disk's free-space floor ({@link StagingQuota}). It is a Vert.x route that
 * runs ahead of the REST layer: by the time a JAX-RS filter or resource runs, the multipart body has already been
 * written to disk, which is what must not happen on a full disk. The declared {@code Content-Length} counts
 * against the limits; an upload without one (chunked) is measured again once stored, by {@code BulkUploads}.
 *
 * <p>Credentials are only used to find the instance whose quota applies; a request whose credentials select no
 * instance is let through to be refused by {@link AuthFilter} as usual.
 */
@ApplicationScoped
public class UploadGuard {

    private static final String UPLOAD_ROUTE = "/elements/api-v2/hubs/:hub/bulk/:object";

    private final Instances instances;
    private final StagingQuota quota;
    private final ObjectMapper json;

    public UploadGuard(Instances instances, StagingQuota quota, ObjectMapper json) {
        this.instances = instances;
        this.quota = quota;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, UPLOAD_ROUTE).order(-1000).handler(this::check);
    }

    private void check(RoutingContext context) {
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if ("query".equals(context.pathParam("object"))
                || contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            context.next();
            return;
        }
        Optional<Instance> instance = Credentials.parse(context.request().getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(c -> instances.authenticate(c.elementToken(), c.userSecret()));
        Optional<StagingQuota.Refusal> refusal = instance.flatMap(i -> quota.check(i, declaredLength(context)));
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        String requestId = Optional.ofNullable(context.request().getHeader("X-Request-Id"))
                .filter(id -> !id.isBlank())
                .orElseGet(() -> UUID.randomUUID().toString());
        String body;
        try {
            body = json.writeValueAsString(new ApiError(requestId, refusal.get().message()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response()
                .setStatusCode(refusal.get().status())
                .putHeader("Retry-After", String.valueOf(refusal.get().retryAfterSeconds()))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close") // the body that was not read is not wanted
                .end(body);
    }

    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
