package dev.mssqlbulk.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mssqlbulk.callback.CallbackUrlPolicy;
import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.download.ResultStreams;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.query.Query;
import dev.mssqlbulk.query.QueryParser;
import dev.mssqlbulk.query.QueryRenderer;
import dev.mssqlbulk.query.QuerySyntaxException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Download jobs: a query is checked against the catalog before any job exists (a 400 names the offending token
 * and its position), then runs like an upload job (status, list, cancel, callback) and leaves its rows in a
 * result file that is served in the format the client accepts.
 */
@ApplicationScoped
public class QueryJobs {

    private static final int PAGE_SIZE = 1000;

    private final Catalog catalog;
    private final JobStore store;
    private final JobRunner runner;
    private final JobResumer resumer;
    private final CallbackUrlPolicy callbackPolicy;
    private final BulkConfig config;
    private final StagingPaths staging;

    public QueryJobs(Catalog catalog, JobStore store, JobRunner runner, JobResumer resumer,
                     CallbackUrlPolicy callbackPolicy, BulkConfig config, StagingPaths staging) {
        this.staging = staging;
        this.catalog = catalog;
        this.store = store;
        this.runner = runner;
        this.resumer = resumer;
        this.callbackPolicy = callbackPolicy;
        this.config = config;
    }

    public Uni<JobRecord> start(Instance instance, String q, String callbackUrl) {
        runner.checkCapacity(instance);
        if (q == null || q.isBlank()) {
            throw new QuerySyntaxException("the query parameter 'q' is missing", 1);
        }
        if (callbackUrl != null) {
            StoredLengths.require("header 'Elements-Async-Callback-Url'", callbackUrl, StoredLengths.CALLBACK_URL);
            callbackPolicy.check(callbackUrl);
        }
        Query query = QueryParser.parse(q);
        return resumer.ensureTables(instance)
                .flatMap(v -> catalog.table(instance, query.object()))
                .flatMap(found -> {
                    var table = found.orElseThrow(() -> new QuerySyntaxException("unknown object '" + query.object()
                            + "' at position " + query.objectPosition(), query.objectPosition()));
                    var columns = QueryRenderer.render(query, table).columns();
                    long id = JobIds.next();
                    JobOptions options = JobOptions.forQuery(q, PAGE_SIZE);
                    Path result = staging.of(instance.name(), id, options);
                    Instant now = Instant.now();
                    JobRecord job = new JobRecord(id, instance.name(), table.name(), "query", null, JobStatus.CREATED,
                            0, 0, 0, 0, 0, now, null, null, null, options,
                            columns.stream().map(Column::name).toList(), result, callbackUrl, null, runner.nodeId(),
                            now, null);
                    return store.insert(instance, job).invoke(() -> runner.submit(instance, job)).replaceWith(job);
                });
    }

    /**
     * The rows of a COMPLETE download job as CSV.
     *
     * @throws JobNotReady when the job has not completed
     * @throws JobResults.ResultsGone when the result was deleted after the retention
     */
    public Multi<String> resultCsv(JobRecord job, String objectName) {
        return ResultStreams.csv(readyResult(job, objectName));
    }

    /** The rows of a COMPLETE download job as JSON objects (the caller frames them: array or JSON Lines). */
    public Multi<ObjectNode> resultObjects(JobRecord job, String objectName) {
        return ResultStreams.objects(readyResult(job, objectName));
    }

    private Path readyResult(JobRecord job, String objectName) {
        if (!"query".equals(job.action()) || !job.objectName().toLowerCase(Locale.ROOT)
                .equals(objectName.toLowerCase(Locale.ROOT))) {
            throw new JobNotReady(job, "job " + job.id() + " is not a download of '" + objectName + "'", 404);
        }
        if (job.status() != JobStatus.COMPLETE) {
            throw new JobNotReady(job, "job " + job.id() + " is " + job.status() + "; its result is ready once COMPLETE",
                    409);
        }
        if (!Files.isReadable(job.stagedFile())) {
            throw new JobResults.ResultsGone(job);
        }
        return job.stagedFile();
    }

    /** The result cannot be served (yet): with the status to answer. */
    public static final class JobNotReady extends RuntimeException {
        private final int status;

        JobNotReady(JobRecord job, String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
