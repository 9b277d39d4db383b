package dev.mssqlbulk.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.catalog.SqlNames;
import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.Uni;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The status tables in each instance's database: one row per job (with its checkpoint) and one per failed row.
 * They make status durable across restarts and shared by every replica.
 */
@ApplicationScoped
public class JobStore {

    static final String JOB_TABLE = "mssql_bulk_job";
    static final String ERROR_TABLE = "mssql_bulk_job_error";
    static final String IDEMPOTENCY_TABLE = "mssql_bulk_idempotency";

    private static final String COLUMNS = "[id], [instance_name], [object_name], [action], [path], [status], "
            + "[records_count], [succeeded_count], [failed_count], [unprocessed_count], [checkpoint_row], "
            + "[created_date], [started_date], [completed_date], [status_message], [options], [header], "
            + "[staged_file], [callback_url], [idempotency_key], [owner], [heartbeat], [callback_status]";
    private static final int COLUMN_COUNT = 23;

    private final ObjectMapper json;
    private final StagingPaths staging;

    public JobStore(ObjectMapper json, StagingPaths staging) {
        this.json = json;
        this.staging = staging;
    }

    public static boolean isStatusTable(String name) {
        return name.equalsIgnoreCase(JOB_TABLE) || name.equalsIgnoreCase(ERROR_TABLE)
                || name.equalsIgnoreCase(IDEMPOTENCY_TABLE);
    }

    /** Creates the status tables unless they exist; safe when several replicas start at once. */
    public Uni<Void> ensureTables(Instance instance) {
        return createIfMissing(instance, JOB_TABLE, """
                CREATE TABLE %1$s (
                  [id] BIGINT NOT NULL CONSTRAINT [PK_%2$s] PRIMARY KEY,
                  [instance_name] NVARCHAR(128) NOT NULL,
                  [object_name] NVARCHAR(128) NOT NULL,
                  [action] NVARCHAR(16) NOT NULL,
                  [path] NVARCHAR(1024) NULL,
                  [status] NVARCHAR(16) NOT NULL,
                  [records_count] BIGINT NOT NULL,
                  [succeeded_count] BIGINT NOT NULL,
                  [failed_count] BIGINT NOT NULL,
                  [unprocessed_count] BIGINT NOT NULL,
                  [checkpoint_row] BIGINT NOT NULL,
                  [created_date] DATETIME2(3) NOT NULL,
                  [started_date] DATETIME2(3) NULL,
                  [completed_date] DATETIME2(3) NULL,
                  [status_message] NVARCHAR(4000) NULL,
                  [options] NVARCHAR(MAX) NOT NULL,
                  [header] NVARCHAR(MAX) NOT NULL,
                  [staged_file] NVARCHAR(1024) NOT NULL,
                  [callback_url] NVARCHAR(2048) NULL,
                  [idempotency_key] NVARCHAR(255) NULL,
                  [owner] NVARCHAR(255) NULL,
                  [heartbeat] DATETIME2(3) NULL,
                  [callback_status] NVARCHAR(1000) NULL,
                  [cancel_requested] BIT NOT NULL
                )""")
                .flatMap(v -> createIfMissing(instance, ERROR_TABLE, """
                        CREATE TABLE %1$s (
                          [job_id] BIGINT NOT NULL,
                          [row_num] BIGINT NOT NULL,
                          [error_code] INT NOT NULL,
                          [message] NVARCHAR(4000) NOT NULL,
                          [record] NVARCHAR(MAX) NOT NULL,
                          CONSTRAINT [PK_%2$s] PRIMARY KEY ([job_id], [row_num])
                        )"""))
                .flatMap(v -> createIfMissing(instance, IDEMPOTENCY_TABLE, """
                        CREATE TABLE %1$s (
                          [instance_name] NVARCHAR(128) NOT NULL,
                          [idempotency_key] NVARCHAR(255) NOT NULL,
                          [job_id] BIGINT NOT NULL,
                          CONSTRAINT [PK_%2$s] PRIMARY KEY ([instance_name], [idempotency_key])
                        )"""));
    }

    private Uni<Void> createIfMissing(Instance instance, String table, String ddl) {
        String exists = "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = @p1 AND TABLE_NAME = @p2";
        return instance.pool().preparedQuery(exists).execute(Tuple.of(instance.schema(), table))
                .flatMap(rows -> {
                    if (rows.iterator().next().getInteger("n") > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String sql = ddl.formatted(qualified(instance, table), table);
                    return instance.pool().query(sql).execute().replaceWithVoid()
                            .onFailure(JobStore::alreadyExists).recoverWithNull();
                });
    }

    private static boolean alreadyExists(Throwable failure) {
        return failure instanceof MSSQLException sql && sql.number() == 2714;
    }

    /**
     * Records a new job. With an idempotency key, the key is recorded in the same transaction: a concurrent upload
     * with the same key fails here with {@link DuplicateIdempotencyKey} and creates nothing.
     */
    public Uni<Void> insert(Instance instance, JobRecord job) {
        String params = String.join(", ", IntStream.rangeClosed(1, COLUMN_COUNT).mapToObj(i -> "@p" + i).toList());
        String insertJob = "INSERT INTO " + qualified(instance, JOB_TABLE) + " (" + COLUMNS + ", [cancel_requested])"
                + " VALUES (" + params + ", 0)";
        if (job.idempotencyKey() == null) {
            return instance.pool().preparedQuery(insertJob).execute(Tuple.from(values(job))).replaceWithVoid();
        }
        String insertKey = "INSERT INTO " + qualified(instance, IDEMPOTENCY_TABLE)
                + " ([instance_name], [idempotency_key], [job_id]) VALUES (@p1, @p2, @p3)";
        return instance.pool().withTransaction(tx -> tx.preparedQuery(insertKey)
                        .execute(Tuple.of(instance.name(), job.idempotencyKey(), job.id()))
                        .flatMap(v -> tx.preparedQuery(insertJob).execute(Tuple.from(values(job)))))
                .onFailure(JobStore::isDuplicateKey).transform(f -> new DuplicateIdempotencyKey())
                .replaceWithVoid();
    }

    /** The job an idempotency key was first used for, if any. */
    public Uni<Optional<Long>> jobForKey(Instance instance, String idempotencyKey) {
        String sql = "SELECT [job_id] FROM " + qualified(instance, IDEMPOTENCY_TABLE)
                + " WHERE [instance_name] = @p1 AND [idempotency_key] = @p2";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(instance.name(), idempotencyKey))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("job_id")));
    }

    /** Asks the job to stop at its next batch boundary, wherever it runs. False when it has already ended. */
    public Uni<Boolean> requestCancel(Instance instance, long id) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [cancel_requested] = 1 "
                + "WHERE [id] = @p1 AND [instance_name] = @p2 AND [status] IN ('CREATED', 'RUNNING')";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(id, instance.name())).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> cancelRequested(Instance instance, long id) {
        String sql = "SELECT [cancel_requested] FROM " + qualified(instance, JOB_TABLE) + " WHERE [id] = @p1";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(id))
                .map(rows -> rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("cancel_requested")));
    }

    public Uni<Void> updateCallbackStatus(Instance instance, long id, String callbackStatus) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [callback_status] = @p1 WHERE [id] = @p2";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(StoredLengths.fit(callbackStatus, StoredLengths.CALLBACK_STATUS), id)).replaceWithVoid();
    }

    /** One page of the instance's jobs, newest first, before the job id {@code beforeId} (0 for the first page). */
    public Uni<List<JobRecord>> list(Instance instance, long beforeId, int limit, String status, String objectName) {
        StringBuilder sql = new StringBuilder("SELECT TOP (@p1) ").append(COLUMNS).append(" FROM ")
                .append(qualified(instance, JOB_TABLE)).append(" WHERE [instance_name] = @p2 AND [id] < @p3");
        List<Object> params = new ArrayList<>(List.of(limit, instance.name(), beforeId <= 0 ? Long.MAX_VALUE : beforeId));
        if (status != null) {
            params.add(status);
            sql.append(" AND [status] = @p").append(params.size());
        }
        if (objectName != null) {
            params.add(objectName);
            sql.append(" AND [object_name] = @p").append(params.size());
        }
        sql.append(" ORDER BY [id] DESC");
        return instance.pool().preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<JobRecord> jobs = new ArrayList<>();
            rows.forEach(row -> jobs.add(read(row)));
            return jobs;
        });
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MSSQLException sql && (sql.number() == 2627 || sql.number() == 2601);
    }

    /** Writes the whole state of a job. */
    public Uni<Void> update(Instance instance, JobRecord job) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [status] = @p1, [records_count] = @p2, "
                + "[succeeded_count] = @p3, [failed_count] = @p4, [unprocessed_count] = @p5, [checkpoint_row] = @p6, "
                + "[started_date] = @p7, [completed_date] = @p8, [status_message] = @p9, [owner] = @p10, "
                + "[heartbeat] = @p11 WHERE [id] = @p12";
        return instance.pool().preparedQuery(sql).execute(Tuple.from(new Object[]{
                job.status().name(), job.recordsCount(), job.succeeded(), job.failed(), job.unprocessed(),
                job.checkpointRow(), utc(job.startedDate()), utc(job.completedDate()), truncate(job.statusMessage()),
                job.owner(), utc(job.heartbeat()), job.id()})).replaceWithVoid();
    }

    /**
     * Takes the job for this replica when nobody else holds it: free, already ours, or its owner silent since
     * {@code staleBefore}. True when taken.
     */
    public Uni<Boolean> claim(Instance instance, long id, String owner, Instant now, Instant staleBefore) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [owner] = @p1, [heartbeat] = @p2 "
                + "WHERE [id] = @p3 AND [status] IN ('CREATED', 'RUNNING') "
                + "AND ([owner] IS NULL OR [owner] = @p1 OR [heartbeat] IS NULL OR [heartbeat] < @p4)";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(owner, utc(now), id, utc(staleBefore)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Renews the lease on every unfinished job this replica owns, queued ones included. */
    public Uni<Void> touch(Instance instance, String owner, Instant now) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [heartbeat] = @p1 "
                + "WHERE [owner] = @p2 AND [instance_name] = @p3 AND [status] IN ('CREATED', 'RUNNING')";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(utc(now), owner, instance.name())).replaceWithVoid();
    }

    /**
     * Moves the checkpoint inside the batch's transaction. Fails when another replica has taken the job over or
     * a cancel was requested, so that the batch rolls back instead of being written twice or after the cancel.
     */
    public Uni<Void> checkpoint(SqlClient tx, Instance instance, JobRecord job) {
        return tx.preparedQuery(checkpointSql(instance, "@p")).execute(Tuple.from(checkpointValues(job)))
                .flatMap(rows -> rows.rowCount() == 1 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new JobTakenOverException(job.id())));
    }

    /** {@link #checkpoint(SqlClient, Instance, JobRecord)} on a JDBC connection inside a bulk-copy transaction. */
    public void checkpoint(Connection tx, Instance instance, JobRecord job) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(checkpointSql(instance, "?"))) {
            bind(statement, checkpointValues(job));
            if (statement.executeUpdate() != 1) {
                throw new JobTakenOverException(job.id());
            }
        }
    }

    /** Moves the checkpoint only while this replica owns the job and no cancel was asked for. */
    private String checkpointSql(Instance instance, String marker) {
        return parameters("UPDATE " + qualified(instance, JOB_TABLE) + " SET [checkpoint_row] = @1, [succeeded_count] = @2, "
                + "[failed_count] = @3, [heartbeat] = @4 WHERE [id] = @5 AND [owner] = @6 AND [cancel_requested] = 0", marker);
    }

    private static Object[] checkpointValues(JobRecord job) {
        return new Object[]{job.checkpointRow(), job.succeeded(), job.failed(), utc(job.heartbeat()), job.id(), job.owner()};
    }

    public Uni<Void> insertErrors(SqlClient tx, Instance instance, long jobId, List<RowError> errors,
                                  List<Map<String, String>> records) {
        if (errors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = errorValues(jobId, errors, records).stream().map(Tuple::from).toList();
        return tx.preparedQuery(errorSql(instance, "@p")).executeBatch(tuples).replaceWithVoid();
    }

    /** {@link #insertErrors(SqlClient, Instance, long, List, List)} on a JDBC connection inside a bulk-copy transaction. */
    public void insertErrors(Connection tx, Instance instance, long jobId, List<RowError> errors,
                             List<Map<String, String>> records) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = tx.prepareStatement(errorSql(instance, "?"))) {
            for (Object[] values : errorValues(jobId, errors, records)) {
                bind(statement, values);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private String errorSql(Instance instance, String marker) {
        return parameters("INSERT INTO " + qualified(instance, ERROR_TABLE)
                + " ([job_id], [row_num], [error_code], [message], [record]) VALUES (@1, @2, @3, @4, @5)", marker);
    }

    private List<Object[]> errorValues(long jobId, List<RowError> errors, List<Map<String, String>> records) {
        List<Object[]> values = new ArrayList<>(errors.size());
        for (int i = 0; i < errors.size(); i++) {
            RowError error = errors.get(i);
            values.add(new Object[]{jobId, error.rowNumber(), error.errorCode(), truncate(error.message()),
                    write(records.get(i))});
        }
        return values;
    }

    /** Spells the numbered markers {@code @1, @2...} for a client: {@code @p1} for Vert.x, {@code ?} for JDBC. */
    private static String parameters(String sql, String marker) {
        return "?".equals(marker) ? sql.replaceAll("@\\d+", "?") : sql.replace("@", marker);
    }

    private static void bind(PreparedStatement statement, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    public Uni<Optional<JobRecord>> find(Instance instance, long id) {
        String sql = "SELECT " + COLUMNS + " FROM " + qualified(instance, JOB_TABLE) + " WHERE [id] = @p1 AND [instance_name] = @p2";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(id, instance.name()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
    }

    /** Jobs of this instance that are not over, oldest first: candidates to run or resume. */
    public Uni<List<JobRecord>> unfinished(Instance instance) {
        String sql = "SELECT " + COLUMNS + " FROM " + qualified(instance, JOB_TABLE)
                + " WHERE [instance_name] = @p1 AND [status] IN ('CREATED', 'RUNNING') ORDER BY [id]";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(instance.name())).map(rows -> {
            List<JobRecord> jobs = new ArrayList<>();
            rows.forEach(row -> jobs.add(read(row)));
            return jobs;
        });
    }

    /** One page of a job's failed rows after {@code afterRow}, in row order. */
    public Uni<List<FailedRow>> errors(Instance instance, long jobId, long afterRow, int limit) {
        String sql = "SELECT TOP (@p1) [row_num], [error_code], [message], [record] FROM "
                + qualified(instance, ERROR_TABLE) + " WHERE [job_id] = @p2 AND [row_num] > @p3 ORDER BY [row_num]";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(limit, jobId, afterRow)).map(rows -> {
            List<FailedRow> page = new ArrayList<>();
            rows.forEach(row -> page.add(new FailedRow(row.getLong("row_num"), row.getInteger("error_code"),
                    row.getString("message"), readRecord(row.getString("record")))));
            return page;
        });
    }

    /** The numbers of a job's failed rows between two row numbers, inclusive, in order. */
    public Uni<List<Long>> failedRowNumbers(Instance instance, long jobId, long fromRow, long toRow) {
        String sql = "SELECT [row_num] FROM " + qualified(instance, ERROR_TABLE)
                + " WHERE [job_id] = @p1 AND [row_num] BETWEEN @p2 AND @p3 ORDER BY [row_num]";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(jobId, fromRow, toRow)).map(rows -> {
            List<Long> numbers = new ArrayList<>();
            rows.forEach(row -> numbers.add(row.getLong("row_num")));
            return numbers;
        });
    }

    private Object[] values(JobRecord job) {
        return new Object[]{job.id(), job.instance(), job.objectName(), job.action(), job.path(), job.status().name(),
                job.recordsCount(), job.succeeded(), job.failed(), job.unprocessed(), job.checkpointRow(),
                utc(job.createdDate()), utc(job.startedDate()), utc(job.completedDate()),
                truncate(job.statusMessage()), write(job.options()), write(job.header()),
                job.stagedFile().toString(), job.callbackUrl(), job.idempotencyKey(), job.owner(),
                utc(job.heartbeat()), StoredLengths.fit(job.callbackStatus(), StoredLengths.CALLBACK_STATUS)};
    }

    /** A job as stored, its staged file derived from id and options (the stored path is not trusted). */
    private JobRecord read(Row row) {
        return staging.derive(readStored(row));
    }

    private JobRecord readStored(Row row) {
        return new JobRecord(row.getLong("id"), row.getString("instance_name"), row.getString("object_name"),
                row.getString("action"), row.getString("path"), JobStatus.valueOf(row.getString("status")),
                row.getLong("records_count"), row.getLong("succeeded_count"), row.getLong("failed_count"),
                row.getLong("unprocessed_count"), row.getLong("checkpoint_row"),
                instant(row.getLocalDateTime("created_date")), instant(row.getLocalDateTime("started_date")),
                instant(row.getLocalDateTime("completed_date")), row.getString("status_message"),
                read(row.getString("options"), new TypeReference<JobOptions>() { }),
                read(row.getString("header"), new TypeReference<List<String>>() { }),
                Path.of(row.getString("staged_file")), row.getString("callback_url"), row.getString("idempotency_key"),
                row.getString("owner"), instant(row.getLocalDateTime("heartbeat")), row.getString("callback_status"));
    }

    private Map<String, String> readRecord(String text) {
        return read(text, new TypeReference<java.util.LinkedHashMap<String, String>>() { });
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable status table value: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String qualified(Instance instance, String table) {
        return SqlNames.quote(instance.schema()) + "." + SqlNames.quote(table);
    }

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }

    /** A failed row as stored: its number, SQL Server error number (0 for validation), message and raw record. */
    public record FailedRow(long rowNumber, int errorCode, String message, Map<String, String> record) {
    }
}
