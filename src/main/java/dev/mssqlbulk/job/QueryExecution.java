package dev.mssqlbulk.job;

import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.download.ResultFile;
import dev.mssqlbulk.download.ResultValues;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.query.Query;
import dev.mssqlbulk.query.QueryParser;
import dev.mssqlbulk.query.QueryRenderer;
import dev.mssqlbulk.query.SqlQuery;
import dev.mssqlbulk.transform.ResourceMapping;
import dev.mssqlbulk.transform.ResourceQuery;
import dev.mssqlbulk.write.SqlServerDialect;
import dev.mssqlbulk.write.SqlServerDialect.FailureKind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One run of a download job: reads the query's rows a page at a time (by primary key when the query allows it,
 * else OFFSET/FETCH in a deterministic order) and
 * appends them to the job's result file on a worker thread, so memory holds one page whatever the table's size.
 * A read has nothing to undo: after a transient failure, or on resume, the run starts the file again.
 */
final class QueryExecution implements RunningJob {

    private static final Logger LOG = Logger.getLogger(QueryExecution.class);

    private final Instance instance;
    private final JobServices services;
    private final Executor worker;
    private final BooleanSupplier draining;
    private static final java.time.Duration CANCEL_CHECK_PERIOD = java.time.Duration.ofSeconds(1);

    private JobRecord job;
    private ResultFile.Writer out;
    /** The resource the download reads through, or null for a table. */
    private final ResourceMapping mapping;
    /** With a resource: the field of each selected column, for the names and formats of the result. */
    private List<ResourceMapping.MappedField> fields;
    private long lastCancelCheck = System.nanoTime();
    private volatile long lastProgress = System.nanoTime();

    QueryExecution(Instance instance, JobRecord job, JobServices services, Executor worker, BooleanSupplier draining) {
        this.instance = instance;
        this.job = job;
        this.services = services;
        this.worker = worker;
        this.draining = draining;
        this.mapping = job.options().transformation() == null ? null
                : ResourceMapping.compile(job.options().transformation());
    }

    Uni<JobRecord> run() {
        return attempt(1)
                .flatMap(written -> finish(JobStatus.COMPLETE, written + " rows"))
                .onFailure(StopJob.class).recoverWithUni(f -> finish(((StopJob) f).status, f.getMessage()))
                .onFailure(JobTakenOverException.class).recoverWithItem(f -> job)
                .onFailure(JobPaused.class).recoverWithItem(f -> job)
                .onFailure().recoverWithUni(f -> {
                    LOG.errorf(f, "Job %d failed", job.id());
                    return finish(JobStatus.ERROR, SqlServerDialect.describe(f));
                })
                .eventually(this::closeOut);
    }

    private Uni<Long> attempt(int attempt) {
        return start().flatMap(table -> {
                    Query parsed = QueryParser.parse(job.options().query());
                    Query query = mapping == null ? parsed : ResourceQuery.toVendor(parsed, mapping);
                    SqlQuery whole = QueryRenderer.render(query, table);
                    fields = mapping == null ? null : whole.columns().stream()
                            .map(c -> mapping.fieldOf(c.name()).orElseThrow()).toList();
                    List<ResultFile.ResultColumn> columns = mapping == null
                            ? whole.columns().stream().map(c -> new ResultFile.ResultColumn(c.name(), c.dataType())).toList()
                            : java.util.stream.IntStream.range(0, fields.size()).mapToObj(i -> new ResultFile.ResultColumn(
                                    fields.get(i).path(), fields.get(i).resultType(whole.columns().get(i)))).toList();
                    return onWorker(() -> {
                        closeOut();
                        java.nio.file.Files.createDirectories(job.stagedFile().getParent());
                        out = new ResultFile.Writer(job.stagedFile(), columns);
                        return null;
                    }).flatMap(v -> readAll(query, table));
                })
                .onFailure(f -> SqlServerDialect.classify(f) == FailureKind.TRANSIENT && !(f instanceof StopJob))
                .recoverWithUni(f -> {
                    var retry = services.config().retry();
                    if (attempt >= retry.maxAttempts()) {
                        return Uni.createFrom().failure(new StopJob(JobStatus.ERROR, "database unreachable after "
                                + attempt + " attempts: " + SqlServerDialect.describe(f)));
                    }
                    LOG.warnf("Job %d: transient failure %d, reading again: %s", job.id(), attempt,
                            SqlServerDialect.describe(f));
                    return Uni.createFrom().voidItem().onItem().delayIt().by(retry.initialBackoff())
                            .flatMap(v -> attempt(attempt + 1));
                });
    }

    /**
     * Claims the job (fencing off any earlier holder) and starts its result afresh; a cancel asked for through any
     * replica before the claim ends it at once.
     */
    private Uni<Table> start() {
        return services.store().claim(instance, job.id(), services.nodeId(), services.config().jobLease())
                .flatMap(claim -> {
                    JobStore.Claim held = claim.orElseThrow(() -> new JobTakenOverException(job.id()));
                    job = held.job();
                    services.registry().put(job);
                    if (held.cancelRequested()) {
                        throw new StopJob(JobStatus.CANCELLED, JobExecution.CANCELLED);
                    }
                    job = job.progressed(0, 0, 0, Instant.now()).counted(0);
                    progressed();
                    return services.store().update(instance, job).flatMap(v -> services.catalog().table(instance, job.objectName()));
                })
                .map(table -> table.orElseThrow(() -> new StopJob(JobStatus.ERROR,
                        "object '" + job.objectName() + "' no longer exists or is no longer exposed")));
    }

    /**
     * Reads and appends pages until one comes back short, one page in memory at a time: a loop, not a recursion,
     * so no finished page stays reachable.
     */
    private Uni<Long> readAll(Query query, Table table) {
        Paging paging = new Paging(QueryRenderer.pagesByKey(query, table));
        return Multi.createBy().repeating().uni(() -> nextPage(query, table, paging))
                .until(ignored -> paging.exhausted)
                .collect().last()
                .map(ignored -> paging.rowsSoFar);
    }

    /** At a page boundary: stops for a cancel asked through this replica or, checked at most once a second, any other. */
    private Uni<Integer> nextPage(Query query, Table table, Paging paging) {
        if (services.registry().cancelRequested(job.id())) {
            return Uni.createFrom().failure(new StopJob(JobStatus.CANCELLED, JobExecution.CANCELLED));
        }
        if (draining.getAsBoolean()) {
            return Uni.createFrom().failure(new JobPaused());
        }
        if (System.nanoTime() - lastCancelCheck >= CANCEL_CHECK_PERIOD.toNanos()) {
            lastCancelCheck = System.nanoTime();
            return services.store().cancelRequested(instance, job.id()).flatMap(cancelled -> cancelled
                    ? Uni.createFrom().failure(new StopJob(JobStatus.CANCELLED, JobExecution.CANCELLED))
                    : readPage(query, table, paging));
        }
        return readPage(query, table, paging);
    }

    private Uni<Integer> readPage(Query query, Table table, Paging paging) {
        int pageSize = job.options().batchSize();
        Optional<SqlQuery> sql = paging.byKey
                ? QueryRenderer.renderKeyPage(query, table, paging.lastKey, paging.rowsSoFar, pageSize)
                : QueryRenderer.renderPage(query, table, paging.rowsSoFar, pageSize);
        if (sql.isEmpty()) {
            paging.exhausted = true;
            return Uni.createFrom().item(0);
        }
        List<Integer> keyPositions = table.primaryKey().stream().map(sql.get().columns()::indexOf).toList();
        return instance.pool().preparedQuery(sql.get().sql()).execute(Tuple.from(sql.get().parameters()))
                .flatMap(rows -> {
                    for (Row row : rows) {
                        paging.lastKey = keyPositions.stream().map(row::getValue).toList();
                    }
                    return onWorker(() -> append(rows));
                })
                .invoke(count -> {
                    paging.rowsSoFar += count;
                    paging.exhausted = count < pageSize;
                    job = job.counted(paging.rowsSoFar).progressed(paging.rowsSoFar, paging.rowsSoFar, 0, Instant.now());
                    services.registry().put(job);
                    progressed();
                });
    }

    /** Where a download's reading stands: rows so far, and the last primary key read when paging by key. */
    private static final class Paging {
        private final boolean byKey;
        private long rowsSoFar;
        private List<Object> lastKey;
        private boolean exhausted;

        Paging(boolean byKey) {
            this.byKey = byKey;
        }
    }

    private int append(RowSet<Row> rows) throws IOException {
        int count = 0;
        for (Row row : rows) {
            List<String> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                values.add(fields == null ? ResultValues.text(row.getValue(i)) : fields.get(i).format(row.getValue(i)));
            }
            out.write(values);
            count++;
        }
        requireWithinResultCap();
        return count;
    }

    /** A result over {@code max-result-size} ends the job before it fills the disk; the partial file goes at once. */
    private void requireWithinResultCap() throws IOException {
        var cap = services.config().maxResultSize();
        if (java.nio.file.Files.size(job.stagedFile()) > cap.asLongValue()) {
            closeOut();
            java.nio.file.Files.deleteIfExists(job.stagedFile());
            throw new StopJob(JobStatus.ERROR, "the result is larger than mssql-bulk.max-result-size ("
                    + cap.asLongValue() + " bytes); select fewer rows or fields");
        }
    }

    private Uni<JobRecord> finish(JobStatus status, String message) {
        closeOut();
        JobRecord unended = job;
        job = job.finished(status, message, Instant.now());
        return JobSteps.saveEnd(services, instance, job, unended).invoke(saved -> job = saved);
    }

    private void closeOut() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debugf("closing the result of job %d: %s", job.id(), e.getMessage());
            }
            out = null;
        }
    }

    private void progressed() {
        lastProgress = System.nanoTime();
    }

    @Override
    public JobRecord current() {
        return job;
    }

    @Override
    public long lastProgressNanos() {
        return lastProgress;
    }

    private <T> Uni<T> onWorker(JobSteps.IoWork<T> work) {
        return JobSteps.onWorker(worker, "cannot write the download's result", work);
    }
}
