package dev.mssqlbulk.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * JSON error replies from the Vert.x route that runs ahead of the REST layer ({@link UploadGuard}, {@link
 * UploadBody}): the same {@link ApiError} body and request id that {@link ApiErrors} gives the REST layer's replies.
 */
final class RouteReplies {

    private RouteReplies() {}

    /** The caller's {@code X-Request-Id}, or a fresh one. */
    static String requestId(RoutingContext context) {
        String id = context.request().getHeader("X-Request-Id");
        return id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
    }

    static void json(RoutingContext context, int status, String message) {
        json(context, status, requestId(context), message);
    }

    /**
     * Answers {@code status} with an {@link ApiError}. When the request's body has not all arrived, an HTTP/1
     * connection is closed after the reply, so that the rest of a body nobody reads is neither received nor mistaken
     * for the next request (an HTTP/2 stream is reset by the reply's end; its connection serves other requests).
     */
    static void json(RoutingContext context, int status, String requestId, String message) {
        HttpServerRequest request = context.request();
        boolean bodyUnread = !request.isEnded();
        HttpServerResponse response =
                context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (bodyUnread) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Json.encode(new ApiError(requestId, message))).onComplete(sent -> {
            if (bodyUnread && !request.isEnded() && request.version() != HttpVersion.HTTP_2) {
                request.connection().close();
            }
        });
    }
}
