package dev.mssqlbulk.download;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;
import dev.mssqlbulk.job.JobStatus;
import dev.mssqlbulk.job.StopJob;
import dev.mssqlbulk.query.Query;
import dev.mssqlbulk.query.QueryParser;
import dev.mssqlbulk.query.QueryRenderer;
import dev.mssqlbulk.query.SqlQuery;
import dev.mssqlbulk.sqlserver.ResultValues;
import dev.mssqlbulk.staging.StagedFiles;
import dev.mssqlbulk.transform.ResourceMapping;
import dev.mssqlbulk.transform.ResourceQuery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * One run of a download job: reads the query's rows a page at a time (by primary key when the query allows it,
 * else OFFSET/FETCH in a deterministic order) and
 * appends them to the job's result file on a worker thread, so memory holds one page whatever the table's size.
 * A read has nothing to undo: after a transient failure, or on resume, the run starts the file again.
 */
final class QueryRun implements JobRun.Work {

    private static final Logger LOG = Logger.getLogger(QueryRun.class);
    private static final Duration CANCEL_CHECK_PERIOD = Duration.ofSeconds(1);
    private static final String CANNOT_WRITE = "cannot write the download's result";

    private final JobRun run;
    private final Catalog catalog;
    private final BulkConfig config;
    private final StagedFiles staged;
    /** The resource the download reads through, or null for a table. */
    private final ResourceMapping mapping;
    /** With a resource: the field of each selected column, for the names and formats of the result. */
    private List<ResourceMapping.MappedField> fields;

    private ResultFile.Writer out;
    private long lastCancelCheck = System.nanoTime();

    QueryRun(JobRun run, Catalog catalog, BulkConfig config, StagedFiles staged) {
        this.run = run;
        this.staged = staged;
        this.catalog = catalog;
        this.config = config;
        JobRecord job = run.job();
        this.mapping = job.options().transformation() == null
                ? null
                : ResourceMapping.compile(job.options().transformation());
    }

    /** Starts the result afresh and reads every page into it; the file is complete before the job is. */
    @Override
    public Uni<String> pass() {
        return restart()
                .flatMap(table -> {
                    Query parsed = QueryParser.parse(run.job().options().query());
                    Query query = mapping == null ? parsed : ResourceQuery.toVendor(parsed, mapping);
                    SqlQuery whole = QueryRenderer.render(query, table);
                    fields = mapping == null
                            ? null
                            : whole.columns().stream()
                                    .map(c -> mapping.fieldOf(c.name()).orElseThrow())
                                    .toList();
                    List<ResultFile.ResultColumn> columns = mapping == null
                            ? whole.columns().stream()
                                    .map(c -> new ResultFile.ResultColumn(c.name(), c.dataType()))
                                    .toList()
                            : IntStream.range(0, fields.size())
                                    .mapToObj(i -> new ResultFile.ResultColumn(
                                            fields.get(i).path(),
                                            fields.get(i)
                                                    .resultType(whole.columns().get(i))))
                                    .toList();
                    return run.onWorker(CANNOT_WRITE, () -> {
                                closeOut();
                                out = new ResultFile.Writer(
                                        staged.create(run.job().stagedFile()), columns);
                                return null;
                            })
                            .flatMap(v -> readAll(query, table));
                })
                .flatMap(rows -> run.onWorker(CANNOT_WRITE, () -> {
                    out.commit();
                    closeOut();
                    return rows + " rows";
                }));
    }

    @Override
    public Uni<Void> close() {
        closeOut();
        return Uni.createFrom().voidItem();
    }

    /** The counts start again at zero, saved under the claim; then the table as it is now. */
    private Uni<Table> restart() {
        JobRecord job = run.job();
        return run.save(job.progressed(0, 0, 0, Instant.now()).counted(0))
                .flatMap(v -> catalog.table(run.instance(), job.objectName()))
                .map(table -> table.orElseThrow(() -> new StopJob(
                        JobStatus.ERROR,
                        "object '" + job.objectName() + "' no longer exists or is no longer exposed")));
    }

    /**
     * Reads and appends pages until one comes back short, one page in memory at a time: a loop, not a recursion,
     * so no finished page stays reachable.
     */
    private Uni<Long> readAll(Query query, Table table) {
        Paging paging = new Paging(QueryRenderer.pagesByKey(query, table));
        return Multi.createBy()
                .repeating()
                .uni(() -> nextPage(query, table, paging))
                .until(ignored -> paging.exhausted)
                .collect()
                .last()
                .map(ignored -> paging.rowsSoFar);
    }

    /** At a page boundary: stops for a cancel asked through this replica or, checked at most once a second, any other. */
    private Uni<Integer> nextPage(Query query, Table table, Paging paging) {
        try {
            run.checkContinue();
        } catch (RuntimeException stop) {
            return Uni.createFrom().failure(stop);
        }
        if (System.nanoTime() - lastCancelCheck >= CANCEL_CHECK_PERIOD.toNanos()) {
            lastCancelCheck = System.nanoTime();
            return run.cancelRequested()
                    .flatMap(cancelled -> cancelled
                            ? Uni.createFrom().failure(new StopJob(JobStatus.CANCELLED, JobRun.CANCELLED))
                            : readPage(query, table, paging));
        }
        return readPage(query, table, paging);
    }

    private Uni<Integer> readPage(Query query, Table table, Paging paging) {
        int pageSize = run.job().options().batchSize();
        Optional<SqlQuery> sql = paging.byKey
                ? QueryRenderer.renderKeyPage(query, table, paging.lastKey, paging.rowsSoFar, pageSize)
                : QueryRenderer.renderPage(query, table, paging.rowsSoFar, pageSize);
        if (sql.isEmpty()) {
            paging.exhausted = true;
            return Uni.createFrom().item(0);
        }
        List<Integer> keyPositions =
                table.primaryKey().stream().map(sql.get().columns()::indexOf).toList();
        return run.instance()
                .pool()
                .preparedQuery(sql.get().sql())
                .execute(Tuple.from(sql.get().parameters()))
                .flatMap(rows -> {
                    for (Row row : rows) {
                        paging.lastKey =
                                keyPositions.stream().map(row::getValue).toList();
                    }
                    return run.onWorker(CANNOT_WRITE, () -> append(rows));
                })
                .invoke(count -> {
                    paging.rowsSoFar += count;
                    paging.exhausted = count < pageSize;
                    run.advance(run.job()
                            .counted(paging.rowsSoFar)
                            .progressed(paging.rowsSoFar, paging.rowsSoFar, 0, Instant.now()));
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
                values.add(
                        fields == null
                                ? ResultValues.text(row.getValue(i))
                                : fields.get(i).format(row.getValue(i)));
            }
            out.write(values);
            count++;
        }
        requireWithinResultCap();
        return count;
    }

    /** A result over {@code max-result-size} ends the job before it fills the disk; the partial file goes at once. */
    private void requireWithinResultCap() throws IOException {
        var cap = config.maxResultSize();
        if (out.written() > cap.asLongValue()) {
            closeOut(); // discards the partial result
            staged.delete(run.job().stagedFile()); // and an earlier pass's, if one was committed
            throw new StopJob(
                    JobStatus.ERROR,
                    "the result is larger than mssql-bulk.max-result-size (" + cap.asLongValue()
                            + " bytes); select fewer rows or fields");
        }
    }

    private void closeOut() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debugf("closing the result of job %d: %s", run.job().id(), e.getMessage());
            }
            out = null;
        }
    }
}
