package dev.mssqlbulk.download;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mssqlbulk.callback.CallbackUrlPolicy;
import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.JobIds;
import dev.mssqlbulk.job.JobOptions;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobResumer;
import dev.mssqlbulk.job.JobRunner;
import dev.mssqlbulk.job.JobStatus;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.job.StoredLengths;
import dev.mssqlbulk.query.Query;
import dev.mssqlbulk.query.QueryParser;
import dev.mssqlbulk.query.QueryRenderer;
import dev.mssqlbulk.query.QuerySyntaxException;
import dev.mssqlbulk.staging.StagedFiles;
import dev.mssqlbulk.staging.StagingPaths;
import dev.mssqlbulk.transform.ResourceMapping;
import dev.mssqlbulk.transform.ResourceQuery;
import dev.mssqlbulk.transform.Transformations;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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
    private final Transformations transformations;
    private final StagingPaths staging;
    private final StagedFiles staged;

    public QueryJobs(
            Catalog catalog,
            JobStore store,
            JobRunner runner,
            JobResumer resumer,
            CallbackUrlPolicy callbackPolicy,
            BulkConfig config,
            Transformations transformations,
            StagingPaths staging,
            StagedFiles staged) {
        this.transformations = transformations;
        this.staging = staging;
        this.staged = staged;
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
                .flatMap(v -> resolve(instance, query))
                .flatMap(resource -> {
                    var table = resource.table();
                    ResourceMapping mapping = resource.mapping();
                    List<String> header = header(query, resource);
                    long id = JobIds.next();
                    JobOptions options =
                            JobOptions.forQuery(q, PAGE_SIZE, mapping == null ? null : mapping.definition());
                    Path result = staging.of(instance.name(), options.stagedFileName(id));
                    Instant now = Instant.now();
                    JobRecord job = new JobRecord(
                            id,
                            instance.name(),
                            table.name(),
                            "query",
                            null,
                            JobStatus.CREATED,
                            0,
                            0,
                            0,
                            0,
                            0,
                            now,
                            null,
                            null,
                            null,
                            options,
                            header,
                            result,
                            callbackUrl,
                            null,
                            runner.nodeId(),
                            now,
                            null);
                    return store.insert(instance, job)
                            .invoke(() -> runner.submit(instance, job))
                            .replaceWith(job);
                });
    }

    /**
     * Checks a query as {@link #start} does (syntax, object, fields) without starting a job, and answers the object
     * and the fields it would return: lets a client mark a mistake before it submits.
     *
     * @throws QuerySyntaxException naming the offending token and its position
     */
    public Uni<QueryCheck> check(Instance instance, String q) {
        if (q == null || q.isBlank()) {
            throw new QuerySyntaxException("the query parameter 'q' is missing", 1);
        }
        Query query = QueryParser.parse(q);
        return resumer.ensureTables(instance)
                .flatMap(v -> resolve(instance, query))
                .map(resource -> new QueryCheck(
                        resource.mapping() == null ? resource.table().name() : query.object(),
                        header(query, resource)));
    }

    /** The resource (a transformation) or table the query reads; a 400 naming the object when there is none. */
    private Uni<Transformations.Resource> resolve(Instance instance, Query query) {
        return transformations
                .resource(instance, query.object())
                .flatMap(resource -> resource.isPresent()
                        ? Uni.createFrom().item(resource.get())
                        : catalog.table(instance, query.object())
                                .map(found -> new Transformations.Resource(
                                        null,
                                        found.orElseThrow(() -> new QuerySyntaxException(
                                                "unknown object '" + query.object() + "' at position "
                                                        + query.objectPosition(),
                                                query.objectPosition())))));
    }

    /** The names of the query's result fields: the columns of a table, a resource's own field names. */
    private static List<String> header(Query query, Transformations.Resource resource) {
        ResourceMapping mapping = resource.mapping();
        Query inTable = mapping == null ? query : ResourceQuery.toVendor(query, mapping);
        return QueryRenderer.render(inTable, resource.table()).columns().stream()
                .map(c -> mapping == null
                        ? c.name()
                        : mapping.fieldOf(c.name()).orElseThrow().path())
                .toList();
    }

    /** A query that would run: the object it reads and the fields of its rows, in order. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record QueryCheck(String objectName, java.util.List<String> fields) {}

    /**
     * The rows of a COMPLETE download job as CSV.
     *
     * @throws JobNotReady when the job has not completed
     * @throws JobResults.ResultsGone when the result was deleted after the retention
     */
    public Uni<Multi<String>> resultCsv(JobRecord job, String objectName) {
        return readyResult(job, objectName).map(ResultStreams::csv);
    }

    /** The rows of a COMPLETE download job as JSON objects (the caller frames them: array or JSON Lines). */
    public Uni<Multi<ObjectNode>> resultObjects(JobRecord job, String objectName) {
        return readyResult(job, objectName).map(ResultStreams::objects);
    }

    /** The result's bytes once the job is a COMPLETE download whose result is still stored (asked on a worker). */
    private Uni<ResultStreams.Source> readyResult(JobRecord job, String objectName) {
        var resource = job.options().transformation();
        boolean named = job.objectName().equalsIgnoreCase(objectName)
                || resource != null && resource.resourceName().equalsIgnoreCase(objectName);
        if (!"query".equals(job.action()) || !named) {
            throw new JobNotReady(job, "job " + job.id() + " is not a download of '" + objectName + "'", 404);
        }
        if (job.status() != JobStatus.COMPLETE) {
            throw new JobNotReady(
                    job, "job " + job.id() + " is " + job.status() + "; its result is ready once COMPLETE", 409);
        }
        return Uni.createFrom()
                .<ResultStreams.Source>item(() -> {
                    try {
                        if (!staged.exists(job.stagedFile())) {
                            throw new JobResults.ResultsGone(job);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return () -> staged.open(job.stagedFile(), 0);
                })
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
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
