package dev.mssqlbulk.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mssqlbulk.download.JobResults;
import dev.mssqlbulk.download.QueryJobs;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.FailedRows;
import dev.mssqlbulk.job.JobControl;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobStatus;
import dev.mssqlbulk.job.JobStatusView;
import dev.mssqlbulk.upload.BulkUploads;
import dev.mssqlbulk.upload.UploadRequest;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Bulk uploads: start a job, list, watch and cancel jobs, read their failed rows. */
@Path("/elements/api-v2/hubs/{hub}/bulk")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bulk")
@APIResponse(
        responseCode = "401",
        description = "Missing or wrong Authorization",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class BulkResource {

    static final String PREFER = "wait=<seconds>: hold the reply until the job has ended or the time has passed "
            + "(at most mssql-bulk.max-prefer-wait), then answer the job's status; for serverless platforms that "
            + "throttle the CPU once a reply is sent. Preference-Applied tells that it was honoured.";
    static final String META_DATA = """
            optional JSON object: action (create | upsert | update | delete; default create), identifierFieldName             (key column(s) for upsert/update/delete, comma-separated; default the primary key), bulkUploadRecordSize             (rows per batch; default the instance's), columnDelimiter (COMMA, SEMICOLON, TAB, PIPE, CARET, BACKQUOTE             or the character), maxErrors (end the job in ERROR once more rows than this have failed), dryRun             (validate every row, write nothing), ignoreUnmappedFields (uploads to a resource: skip the file's fields             its transformation does not map instead of refusing the upload), transformation (a transformation for             this upload only, in the shape of PUT /transformations/{resourceName}; its vendorName defaults to the             object in the path).""";

    static final String TEXT_CSV = "text/csv";
    private static final int MAX_PAGE_SIZE = 1000;
    private static final Duration EVENTS_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final BulkUploads uploads;
    private final JobControl jobs;
    private final FailedRows failedRows;
    private final JobResults results;
    private final QueryJobs queries;
    private final Caller caller;
    private final BulkConfig config;

    public BulkResource(
            BulkUploads uploads,
            JobControl jobs,
            FailedRows failedRows,
            JobResults results,
            QueryJobs queries,
            Caller caller,
            BulkConfig config) {
        this.queries = queries;
        this.config = config;
        this.results = results;
        this.uploads = uploads;
        this.jobs = jobs;
        this.failedRows = failedRows;
        this.caller = caller;
    }

    @POST
    @Path("{objectName}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a file into a table", description = """
            Starts a job and answers {"id","status":"CREATED"} as soon as it is registered. The part 'file' (sent as a file, with a file name) is CSV             (RFC 4180, header row, UTF-8, optional BOM), a JSON array of objects or JSON Lines (told apart by the             part's content type or the file name's extension). Header names map to columns case-insensitively.             To a resource (the name of a transformation), the file is in the resource's fields, which map onto its             table's columns with their types and date patterns; JSON paths may address nested values             (address.city, items[0].id). A row holding bytes that are not UTF-8 fails alone (errorCode 0, naming their byte offset); a CSV header that is not UTF-8 is a 400. The part 'metaData' is an """ + META_DATA)
    @APIResponse(responseCode = "200", description = "Job registered")
    @APIResponse(
            responseCode = "400",
            description = "Unknown or repeated column, empty file, bad metaData, bad "
                    + "callback URL, a field a resource does not map; a body that is not valid multipart, ends inside "
                    + "its file part, or has no part 'file' with a file name",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "404",
            description = "The object does not exist or is not exposed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "413",
            description = "Larger than mssql-bulk.max-upload-size",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "429",
            description = "Too many jobs wait for this instance; see Retry-After",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "507",
            description = "The instance's staging quota (max-staged-jobs, "
                    + "max-staged-bytes) or the staging disk's free-space floor would be exceeded; answered before the body "
                    + "is read; see Retry-After",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<RestResponse<Object>> upload(
            @RestPath
                    @Parameter(
                            description = "Table (or view) name, as GET /objects lists it, or a resource "
                                    + "name, as GET /transformations lists it")
                    String objectName,
            @RestForm("file") @Parameter(description = "The data: CSV, JSON array or JSON Lines") FileUpload file,
            @RestForm("metaData") @Parameter(description = META_DATA) String metaData,
            @RestQuery @Parameter(description = "Kept on the job as given") String path,
            @RestHeader("Elements-Async-Callback-Url")
                    @Parameter(
                            description = "http(s) URL that receives the "
                                    + "final status JSON by POST, with webhook-id (job_<id>, stable), webhook-timestamp and, when the "
                                    + "instance has a signature key, webhook-signature: v1,<base64 HMAC-SHA256(key, "
                                    + "id.timestamp.body)> and Elements-Webhook-Signature: sha256=<base64 HMAC-SHA256(key, body)>. "
                                    + "Internal addresses are refused unless mssql-bulk.callback.allowed-hosts opens them; at most "
                                    + "2048 characters")
                    String callbackUrl,
            @RestHeader("Idempotency-Key")
                    @Parameter(
                            description = "Retrying with the same key on the same "
                                    + "instance returns the first job and writes nothing again (1 to 255 characters)")
                    String idempotencyKey,
            @RestHeader("Prefer") @Parameter(description = PREFER) String prefer) {
        if (file == null) {
            throw new ApiException(400, UploadBody.NO_FILE);
        }
        UploadRequest request = new UploadRequest(
                objectName,
                file.uploadedFile(),
                file.fileName(),
                file.contentType(),
                metaData,
                path,
                callbackUrl,
                idempotencyKey);
        Instance instance = caller.instance();
        Duration wait = PreferWait.parse(prefer, config.maxPreferWait());
        if (wait.isZero()) {
            return uploads.upload(instance, request)
                    .map(job -> RestResponse.ok((Object) new JobCreated(
                            String.valueOf(job.id()), job.status().name())));
        }
        return uploads.upload(instance, request)
                .flatMap(job -> jobs.awaitEnd(instance, job, wait))
                .map(job -> PreferWait.applied(RestResponse.ResponseBuilder.ok((Object) JobStatusView.of(job)), wait));
    }

    @POST
    @Path("query")
    @Operation(
            summary = "Start a download job",
            description = "q: select <fields|*> from <object> [where <condition>] "
                    + "[order by <field> [asc|desc], ...] [limit <n>]; conditions with = != <> < <= > >= like in (...) is null "
                    + "is not null and or not and parentheses; literals are strings, numbers, true/false and ISO dates as "
                    + "strings. Objects and fields come from the catalog, values become parameters. Status, list, cancel and "
                    + "callbacks work as for uploads (action 'query'); GET /bulk/{id}/{objectName} serves the rows. From a "
                    + "resource (a transformation's name), fields are the resource's, dates are compared and returned in "
                    + "their pattern, and the rows come back in the resource's field names, ready to upload again.")
    @APIResponse(
            responseCode = "400",
            description = "The query does not parse or names an unknown object or field; "
                    + "the message names the token and its position",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<JobCreated> query(
            @RestQuery @Parameter(description = "The query") String q,
            @RestHeader("Elements-Async-Callback-Url") String callbackUrl) {
        return queries.start(caller.instance(), q, callbackUrl)
                .map(job ->
                        new JobCreated(String.valueOf(job.id()), job.status().name()));
    }

    @GET
    @Path("query/check")
    @Operation(
            summary = "Check a download query without starting a job",
            description = "The same checks as POST "
                    + "/bulk/query (syntax, object, fields); answers the object and the fields its rows would have.")
    @APIResponse(
            responseCode = "400",
            description = "The query does not parse or names an unknown object or field; "
                    + "the message names the token and its position",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<QueryJobs.QueryCheck> checkQuery(@RestQuery @Parameter(description = "The query") String q) {
        return queries.check(caller.instance(), q);
    }

    /** The rows of a download job as JSON (an array); also the answer when Accept names no other format. */
    @GET
    @Path("{id}/{objectName}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A download job's rows",
            description = "Accept: application/json (an array), text/csv "
                    + "(header row, RFC 4180) or application/x-ndjson. 409 while the job is not COMPLETE; 410 once the "
                    + "result is past mssql-bulk.results-retention.")
    public RestMulti<ObjectNode> downloadJson(@RestPath String id, @RestPath String objectName) {
        return RestMulti.fromUniResponse(job(id).flatMap(job -> queries.resultObjects(job, objectName)), rows -> rows);
    }

    @GET
    @Path("{id}/{objectName}")
    @Produces(TEXT_CSV)
    public RestMulti<String> downloadCsv(@RestPath String id, @RestPath String objectName) {
        return RestMulti.fromUniResponse(job(id).flatMap(job -> queries.resultCsv(job, objectName)), rows -> rows);
    }

    @GET
    @Path("{id}/{objectName}")
    @Produces("application/x-ndjson")
    public RestMulti<ObjectNode> downloadJsonLines(@RestPath String id, @RestPath String objectName) {
        return downloadJson(id, objectName);
    }

    @GET
    @Path("jobs")
    @Operation(
            summary = "The instance's jobs, newest first",
            description = "Paged: pageSize (default 50, at "
                    + "most 1000) and nextPage (the previous page's Elements-Next-Page-Token header); filters status and "
                    + "objectName. Headers Elements-Returned-Count and Elements-Next-Page-Token.")
    public Uni<RestResponse<List<JobStatusView>>> list(
            @RestQuery Integer pageSize,
            @RestQuery String nextPage,
            @RestQuery String status,
            @RestQuery String objectName) {
        int size = pageSize(pageSize, 50);
        JobStatus wanted = status == null ? null : parseStatus(status);
        return jobs.list(caller.instance(), pageToken(nextPage), size, wanted, objectName)
                .map(page -> Pages.reply(page, size, JobStatusView::of, JobRecord::id));
    }

    @PUT
    @Path("{id}/cancel")
    @Operation(
            summary = "Cancel a job",
            description = "A waiting job ends CANCELLED at once; a running one at its "
                    + "next batch boundary. Rows not reached are counted unprocessed.")
    @APIResponse(
            responseCode = "409",
            description = "The job has already ended",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<JobStatusView> cancel(@RestPath String id) {
        return job(id).flatMap(job -> jobs.cancel(caller.instance(), job))
                .onFailure(JobControl.JobAlreadyEnded.class)
                .transform(f -> new ApiException(409, f.getMessage()))
                .map(JobStatusView::of);
    }

    @GET
    @Path("{id}/status")
    @Operation(
            summary = "A job's status",
            description = "CREATED -> RUNNING -> COMPLETE | ERROR | CANCELLED, "
                    + "with counts that grow while it runs. At the end recordsCount = recordsSucceededCount + "
                    + "recordsFailedCount + recordsUnprocessedCount. A job whose rows partly failed is still COMPLETE.")
    @APIResponse(
            responseCode = "404",
            description = "No such job for this instance",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<RestResponse<JobStatusView>> status(
            @RestPath String id, @RestHeader("Prefer") @Parameter(description = PREFER) String prefer) {
        Instance instance = caller.instance();
        Duration wait = PreferWait.parse(prefer, config.maxPreferWait());
        return job(id).flatMap(job -> jobs.awaitEnd(instance, job, wait))
                .map(job -> PreferWait.applied(RestResponse.ResponseBuilder.ok(JobStatusView.of(job)), wait));
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A job's status as server-sent events",
            description = "One event (data: the status JSON of "
                    + "GET /bulk/{id}/status) at once, then one each time the status changes (looked up four times a "
                    + "second); the stream closes after the event of the job's end (COMPLETE, ERROR or CANCELLED). Instead "
                    + "of polling the status. Browsers' EventSource cannot send the Authorization header: read the stream "
                    + "with fetch.")
    @APIResponse(
            responseCode = "200",
            description = "text/event-stream of status JSON",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = JobStatusView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such job for this instance",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Blocking
    public Multi<JobStatusView> events(@RestPath String id) {
        // An event stream's 200 and headers go out when it is subscribed, so a 404 must be decided before the
        // stream is returned: the one lookup waits on a worker thread (hence @Blocking); the stream does not.
        JobRecord job = job(id).await().atMost(EVENTS_LOOKUP_TIMEOUT);
        return jobs.changes(caller.instance(), job);
    }

    @GET
    @Path("{id}/errors")
    @Operation(
            summary = "A job's failed rows",
            description = "One item per failed row: 1-based data row, the "
                    + "record as uploaded, the SQL Server error number (0 when the value was refused before the database) "
                    + "and '<code>: <message>'. Paged with pageSize (default 200) and nextPage; headers "
                    + "Elements-Returned-Count and Elements-Next-Page-Token. With Accept: text/csv, all failed rows in the "
                    + "upload's own columns plus 'error'.")
    public Uni<RestResponse<List<FailedRowView>>> errors(
            @RestPath String id, @RestQuery Integer pageSize, @RestQuery String nextPage) {
        int size = pageSize(pageSize, 200);
        long after = pageToken(nextPage);
        return job(id).flatMap(job -> failedRows.page(caller.instance(), job.id(), after, size))
                .map(page -> Pages.reply(page, size, FailedRowView::of, FailedRows.FailedRow::rowNumber));
    }

    /** The failed rows in the upload's own columns plus {@code error}: fix them and upload the file again. */
    @GET
    @Path("{id}/errors")
    @Produces(TEXT_CSV)
    public RestMulti<String> errorsAsCsv(@RestPath String id) {
        return results(id, JobResults.Kind.FAILED);
    }

    /** Result files: {@code type=successful|failed|unprocessed}, CSV in the upload's own columns. */
    @GET
    @Path("{id}/results")
    @Produces(TEXT_CSV)
    @Operation(
            summary = "A job's result file",
            description = "type=successful | failed | unprocessed: CSV in the "
                    + "upload's own columns (failed adds 'error'). Successful and unprocessed rows are read from the staged "
                    + "upload, kept for mssql-bulk.results-retention after the job ends; then 410.")
    public RestMulti<String> results(@RestPath String id, @RestQuery String type) {
        if (type == null) {
            throw new ApiException(400, "query parameter 'type' is required: successful, failed or unprocessed");
        }
        JobResults.Kind kind;
        try {
            kind = JobResults.Kind.valueOf(type.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "type '" + type + "' is not one of successful, failed, unprocessed");
        }
        return results(id, kind);
    }

    /** Streams a result file; whatever fails before the first byte (no job, file gone) still gets its status. */
    private RestMulti<String> results(String id, JobResults.Kind kind) {
        Instance instance = caller.instance();
        return RestMulti.fromUniResponse(
                job(id).call(job -> results.requireAvailable(job, kind)), job -> results.csv(instance, job, kind));
    }

    private Uni<JobRecord> job(String id) {
        long jobId;
        try {
            jobId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "job '" + id + "' not found");
        }
        return jobs.find(caller.instance(), jobId)
                .map(found -> found.orElseThrow(() -> new ApiException(404, "job '" + id + "' not found")));
    }

    private static int pageSize(Integer requested, int fallback) {
        return requested == null ? fallback : Math.max(1, Math.min(MAX_PAGE_SIZE, requested));
    }

    private static JobStatus parseStatus(String status) {
        try {
            return JobStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    400, "status '" + status + "' is not one of " + java.util.Arrays.toString(JobStatus.values()));
        }
    }

    private static long pageToken(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(token.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, "nextPage '" + token + "' is not a page token this service issued");
        }
    }
}
