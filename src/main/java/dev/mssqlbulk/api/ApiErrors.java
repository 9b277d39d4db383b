package dev.mssqlbulk.api;

import dev.mssqlbulk.callback.CallbackUrlRejected;
import dev.mssqlbulk.catalog.UnknownObjectException;
import dev.mssqlbulk.download.JobResults;
import dev.mssqlbulk.download.QueryJobs;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.job.Overloaded;
import dev.mssqlbulk.query.QuerySyntaxException;
import dev.mssqlbulk.sqlserver.FailureKind;
import dev.mssqlbulk.sqlserver.ServerFailures;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a JSON reply {@code {"requestId","message"}} with the right status. */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    private final Caller caller;
    private final String uploadLimit;

    public ApiErrors(Caller caller, @ConfigProperty(name = "mssql-bulk.max-upload-size") String uploadLimit) {
        this.caller = caller;
        this.uploadLimit = uploadLimit;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return reply(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response rejected(UploadRejected e) {
        return reply(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response callbackUrl(CallbackUrlRejected e) {
        return reply(400, "Elements-Async-Callback-Url: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response query(QuerySyntaxException e) {
        return reply(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notReady(QueryJobs.JobNotReady e) {
        return reply(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response overloaded(Overloaded e) {
        Response reply = reply(e.status(), e.getMessage());
        reply.getHeaders().add("Retry-After", e.retryAfterSeconds());
        return reply;
    }

    @ServerExceptionMapper
    public Response resultsGone(JobResults.ResultsGone e) {
        return reply(410, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownObject(UnknownObjectException e) {
        return reply(404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message =
                status == 413 ? uploadTooLarge(uploadLimit) : status == 404 ? "no such resource" : e.getMessage();
        return reply(status, message);
    }

    /** The message of a 413: the body is larger than {@code mssql-bulk.max-upload-size}, as configured. */
    static String uploadTooLarge(String uploadLimit) {
        return "the upload is larger than the limit of " + uploadLimit + " (mssql-bulk.max-upload-size)";
    }

    /*
     * The three mappers below answer without the failure's own text: a driver's message names hosts, addresses,
     * logins and statements, an I/O message names server paths. The log has it, under the request id that the
     * reply carries.
     */

    @ServerExceptionMapper
    public Response database(DatabaseException e) {
        String requestId = requestId();
        LOG.warnf("Database failure (request %s): %s", requestId, ServerFailures.describe(e));
        return reply(503, requestId, "the database refused the request");
    }

    @ServerExceptionMapper
    public Response io(UncheckedIOException e) {
        String requestId = requestId();
        LOG.errorf(e, "I/O failure (request %s)", requestId);
        return reply(500, requestId, "the service could not read or write a file");
    }

    @ServerExceptionMapper
    public Response other(Throwable e) {
        if (ServerFailures.classify(e) == FailureKind.TRANSIENT) {
            String requestId = requestId();
            LOG.warnf("Database unreachable (request %s): %s", requestId, ServerFailures.describe(e));
            return reply(503, requestId, "the database is unreachable; retry later");
        }
        LOG.errorf(e, "Unexpected failure (request %s)", requestId());
        return reply(500, "internal error");
    }

    private Response reply(int status, String message) {
        return reply(status, requestId(), message);
    }

    private static Response reply(int status, String requestId, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(requestId, message))
                .build();
    }

    /** The caller's request id; a fresh one for failures before authentication ran. */
    private String requestId() {
        try {
            String id = caller.requestId();
            return id != null ? id : UUID.randomUUID().toString();
        } catch (ContextNotActiveException e) {
            return UUID.randomUUID().toString();
        }
    }
}
