package dev.mssqlbulk.job;

import dev.mssqlbulk.staging.StagingPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.sqlserver.SqlNames;
import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.Uni;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
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
            + "[staged_file], [callback_url], [idempotency_key], [owner], [heartbeat], [callback_status], [fence]";
    private static final int COLUMN_COUNT = 24;
    private static final int HEARTBEAT_POSITION = 22;

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
                  [cancel_requested] BIT NOT NULL,
                  [fence] BIGINT NOT NULL CONSTRAINT [DF_%2$s_fence] DEFAULT 0
                )""")
                .flatMap(v -> addFenceIfMissing(instance))
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

    /** Status tables of releases before fencing have no [fence] column: it is added, 0 for every job. */
    private Uni<Void> addFenceIfMissing(Instance instance) {
        String exists = "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @p1 "
                + "AND TABLE_NAME = @p2 AND COLUMN_NAME = 'fence'";
        return instance.pool().preparedQuery(exists).execute(Tuple.of(instance.schema(), JOB_TABLE))
                .flatMap(rows -> rows.iterator().next().getInteger("n") > 0 ? Uni.createFrom().voidItem()
                        : instance.pool().query("ALTER TABLE " + qualified(instance, JOB_TABLE)
                                + " ADD [fence] BIGINT NOT NULL CONSTRAINT [DF_" + JOB_TABLE + "_fence] DEFAULT 0")
                        .execute().replaceWithVoid()
                        .onFailure(JobStore::alreadyExists).recoverWithNull());
    }

    private static boolean alreadyExists(Throwable failure) {
        return failure instanceof MSSQLException sql && (sql.number() == 2714 || sql.number() == 2705);
    }

    /**
     * Records a new job. With an idempotency key, the key is recorded in the same transaction: a concurrent upload
     * with the same key fails here with {@link DuplicateIdempotencyKey} and creates nothing.
     */
    public Uni<Void> insert(Instance instance, JobRecord job) {
        // every column a parameter but the heartbeat, which is the database's clock like every heartbeat
        String params = String.join(", ", IntStream.rangeClosed(1, COLUMN_COUNT)
                .mapToObj(i -> i == HEARTBEAT_POSITION ? "SYSUTCDATETIME()" : "@p" + (i < HEARTBEAT_POSITION ? i : i - 1))
                .toList());
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

    /** Records the callback's outcome under the claim the job ended with. */
    public Uni<Void> updateCallbackStatus(Instance instance, JobRecord job, String callbackStatus) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [callback_status] = @p1 WHERE [id] = @p2 "
                + "AND [fence] = @p3";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(
                        StoredLengths.fit(callbackStatus, StoredLengths.CALLBACK_STATUS), job.id(), job.fence()))
                .replaceWithVoid();
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

    /**
     * Writes the whole state of a job, only under the claim it was read with ({@link JobRecord#fence()}).
     * Fails with {@link JobTakenOverException} when another claim has been made since: the job is no longer ours.
     */
    public Uni<Void> update(Instance instance, JobRecord job) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [status] = @p1, [records_count] = @p2, "
                + "[succeeded_count] = @p3, [failed_count] = @p4, [unprocessed_count] = @p5, [checkpoint_row] = @p6, "
                + "[started_date] = @p7, [completed_date] = @p8, [status_message] = @p9, [owner] = @p10, "
                + "[heartbeat] = SYSUTCDATETIME() WHERE [id] = @p11 AND [fence] = @p12";
        return instance.pool().preparedQuery(sql).execute(Tuple.from(new Object[]{
                job.status().name(), job.recordsCount(), job.succeeded(), job.failed(), job.unprocessed(),
                job.checkpointRow(), utc(job.startedDate()), utc(job.completedDate()), truncate(job.statusMessage()),
                job.owner(), job.id(), job.fence()}))
                .flatMap(rows -> held(rows.rowCount(), job));
    }

    private static Uni<Void> held(int rowCount, JobRecord job) {
        return rowCount == 1 ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new JobTakenOverException(job.id()));
    }

    /** A job as read under a fresh claim of it, and whether a cancel has been asked for. */
    public record Claim(JobRecord job, boolean cancelRequested) {
    }

    /**
     * Takes the job for {@code owner} when nobody else holds it: free, last held by this owner, or its holder
     * silent for longer than {@code lease} by the database's clock (replicas' clocks never meet). The claim
     * increments the job's fence, which stops every write of an earlier holder, marks it RUNNING, and reads it
     * back in the same transaction: a run starts from the checkpoint and counts stored now, never from a copy read
     * earlier. Empty when the job is held by someone else or has ended.
     */
    public Uni<Optional<Claim>> claim(Instance instance, long id, String owner, Duration lease) {
        String update = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [owner] = @p1, [fence] = [fence] + 1, "
                + "[heartbeat] = SYSUTCDATETIME(), [status] = 'RUNNING', "
                + "[started_date] = COALESCE([started_date], SYSUTCDATETIME()) "
                + "WHERE [id] = @p2 AND [instance_name] = @p3 AND [status] IN ('CREATED', 'RUNNING') AND ([owner] IS NULL "
                + "OR [owner] = @p1 OR [heartbeat] IS NULL OR [heartbeat] < DATEADD(millisecond, -@p4, SYSUTCDATETIME()))";
        String read = "SELECT " + COLUMNS + ", [cancel_requested] FROM " + qualified(instance, JOB_TABLE) + " WHERE [id] = @p1";
        return instance.pool().withTransaction(tx -> tx.preparedQuery(update)
                .execute(Tuple.of(owner, id, instance.name(), leaseMillis(lease)))
                .flatMap(updated -> updated.rowCount() != 1 ? Uni.createFrom().item(Optional.<Claim>empty())
                        : tx.preparedQuery(read).execute(Tuple.of(id)).map(rows -> {
                            Row row = rows.iterator().next();
                            return Optional.of(new Claim(read(row), Boolean.TRUE.equals(row.getBoolean("cancel_requested"))));
                        })));
    }

    private static int leaseMillis(Duration lease) {
        return (int) Math.min(Integer.MAX_VALUE, lease.toMillis());
    }

    /**
     * Renews the lease of a running job under its claim, by the database's clock. False when the claim is lost
     * (taken over, or the job has ended).
     */
    public Uni<Boolean> renewLease(Instance instance, JobRecord job) {
        String sql = "UPDATE " + qualified(instance, JOB_TABLE) + " SET [heartbeat] = SYSUTCDATETIME() "
                + "WHERE [id] = @p1 AND [fence] = @p2 AND [status] = 'RUNNING'";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(job.id(), job.fence())).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Moves the checkpoint inside the batch's transaction. Fails when another replica has claimed the job since or
     * a cancel was requested, so that the batch rolls back instead of being written twice or after the cancel.
     */
    public Uni<Void> checkpoint(SqlClient tx, Instance instance, JobRecord job) {
        return tx.preparedQuery(checkpointSql(instance, "@p")).execute(Tuple.from(checkpointValues(job)))
                .flatMap(rows -> held(rows.rowCount(), job));
    }

    /**
     * The checkpoint as one SQL batch of literals (all numbers) that opens the bulk-copy transaction explicitly
     * and moves the checkpoint first: its UPDATE takes the job row's lock and proves the claim before a single row
     * is copied. Returns the rows it moved and the transactions open after it, in one result row.
     */
    public String beginWithCheckpoint(Instance instance, JobRecord job) {
        Object[] values = checkpointValues(job);
        String update = checkpointSql(instance, "@p");
        for (int i = values.length; i >= 1; i--) {
            update = update.replace("@p" + i, String.valueOf((long) (Long) values[i - 1]));
        }
        return "SET XACT_ABORT ON; BEGIN TRANSACTION; " + update
                + "; SELECT @@ROWCOUNT AS moved, @@TRANCOUNT AS open_transactions";
    }

    /** Moves the checkpoint only under the job's claim, while no cancel was asked for. */
    private String checkpointSql(Instance instance, String marker) {
        return parameters("UPDATE " + qualified(instance, JOB_TABLE) + " SET [checkpoint_row] = @1, [succeeded_count] = @2, "
                + "[failed_count] = @3, [heartbeat] = SYSUTCDATETIME() WHERE [id] = @4 AND [fence] = @5 "
                + "AND [cancel_requested] = 0", marker);
    }

    private static Object[] checkpointValues(JobRecord job) {
        return new Object[]{job.checkpointRow(), job.succeeded(), job.failed(), job.id(), job.fence()};
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

    /**
     * Jobs of this instance that are not over and that {@code owner} could claim now (free, last held by it, or
     * silent for longer than {@code lease} by the database's clock), oldest first: candidates to run or resume.
     */
    public Uni<List<JobRecord>> claimable(Instance instance, String owner, Duration lease) {
        String sql = "SELECT " + COLUMNS + " FROM " + qualified(instance, JOB_TABLE)
                + " WHERE [instance_name] = @p1 AND [status] IN ('CREATED', 'RUNNING') AND ([owner] IS NULL "
                + "OR [owner] = @p2 OR [heartbeat] IS NULL OR [heartbeat] < DATEADD(millisecond, -@p3, SYSUTCDATETIME())) "
                + "ORDER BY [id]";
        return instance.pool().preparedQuery(sql).execute(Tuple.of(instance.name(), owner, leaseMillis(lease))).map(rows -> {
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

    /** The values of a new job's row in {@link #COLUMNS} order, without the heartbeat. */
    private Object[] values(JobRecord job) {
        return new Object[]{job.id(), job.instance(), job.objectName(), job.action(), job.path(), job.status().name(),
                job.recordsCount(), job.succeeded(), job.failed(), job.unprocessed(), job.checkpointRow(),
                utc(job.createdDate()), utc(job.startedDate()), utc(job.completedDate()),
                truncate(job.statusMessage()), write(job.options()), write(job.header()),
                job.stagedFile().toString(), job.callbackUrl(), job.idempotencyKey(), job.owner(),
                StoredLengths.fit(job.callbackStatus(), StoredLengths.CALLBACK_STATUS), job.fence()};
    }

    /**
     * A job as stored. Its staged file is derived from instance, id and options ({@link StagingPaths}): the
     * {@code staged_file} column is written, for replicas of earlier versions, but never trusted.
     */
    private JobRecord read(Row row) {
        long id = row.getLong("id");
        String instance = row.getString("instance_name");
        JobOptions options = read(row.getString("options"), new TypeReference<JobOptions>() { });
        JobDefinition definition = new JobDefinition(id, instance, row.getString("object_name"),
                row.getString("action"), row.getString("path"), instant(row.getLocalDateTime("created_date")), options,
                read(row.getString("header"), new TypeReference<List<String>>() { }),
                staging.of(instance, options.stagedFileName(id)), row.getString("callback_url"),
                row.getString("idempotency_key"));
        JobProgress progress = new JobProgress(JobStatus.valueOf(row.getString("status")),
                row.getLong("records_count"), row.getLong("succeeded_count"), row.getLong("failed_count"),
                row.getLong("unprocessed_count"), row.getLong("checkpoint_row"),
                instant(row.getLocalDateTime("started_date")), instant(row.getLocalDateTime("completed_date")),
                row.getString("status_message"), row.getString("owner"), instant(row.getLocalDateTime("heartbeat")),
                row.getString("callback_status"), row.getLong("fence"));
        return new JobRecord(definition, progress);
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
