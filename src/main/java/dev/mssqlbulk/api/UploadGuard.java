package dev.mssqlbulk.api;

import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.staging.StagingQuota;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * The Vert.x route an upload passes before the REST layer. It refuses with {@code 507} and {@code Retry-After}
 * <em>before the body is read</em> an upload that would break the instance's staging quota or the disk's free-space
 * floor ({@link StagingQuota}); the declared {@code Content-Length} counts against the limits, and an upload without
 * one (chunked) is measured again once stored, by {@code BulkUploads}. An upload it lets through has its multipart
 * body read by {@link UploadBody}, here rather than in the REST layer because that is much faster (see there).
 *
 * <p>Credentials are only used to find the instance whose quota applies. A request whose credentials select no
 * instance is passed on unread, to be refused by {@link AuthFilter} as usual: nobody stores a byte on this service's
 * disk without credentials.
 */
@ApplicationScoped
public class UploadGuard {

    private static final String UPLOAD_ROUTE = "/elements/api-v2/hubs/:hub/bulk/:object";

    private final Instances instances;
    private final StagingQuota quota;
    private final UploadBody body;

    public UploadGuard(Instances instances, StagingQuota quota, UploadBody body) {
        this.instances = instances;
        this.quota = quota;
        this.body = body;
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, UPLOAD_ROUTE)
                .order(-1000)
                .handler(this::check)
                .failureHandler(body::failed);
    }

    private void check(RoutingContext context) {
        if ("query".equals(context.pathParam("object")) || !UploadBody.takes(context)) {
            context.next();
            return;
        }
        Optional<Instance> instance = Credentials.parse(context.request().getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(c -> instances.authenticate(c.elementToken(), c.userSecret()));
        if (instance.isEmpty()) {
            context.next();
            return;
        }
        Optional<StagingQuota.Refusal> refusal =
                quota.check(instance.get(), Math.max(0, UploadBody.declaredLength(context.request())));
        if (refusal.isPresent()) {
            context.response()
                    .putHeader("Retry-After", String.valueOf(refusal.get().retryAfterSeconds()));
            RouteReplies.json(context, refusal.get().status(), refusal.get().message());
            return;
        }
        body.read(context);
    }
}
