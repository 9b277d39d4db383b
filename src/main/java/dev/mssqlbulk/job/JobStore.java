package dev.mssqlbulk.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.staging.StagingPaths;
import io.smallrye.mutiny.Uni;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The jobs' rows in each instance's status table, with their checkpoints: created, claimed under a fence, leased,
 * moved on and ended. They make status durable across restarts and shared by every replica. The tables themselves
 * are {@link StatusTables}'; the failed rows are {@link FailedRows}'.
 */
@ApplicationScoped
public class JobStore {

    private final JobRows mapping;

    public JobStore(ObjectMapper json, StagingPaths staging) {
        this.mapping = new JobRows(json, staging);
    }

    /**
     * Records a new job. With an idempotency key, the key is recorded in the same transaction: a concurrent upload
     * with the same key fails here with {@link DuplicateIdempotencyKey} and creates nothing.
     */
    public Uni<Void> insert(Instance instance, JobRecord job) {
        // every column a parameter but the heartbeat, which is the database's clock like every heartbeat
        String params = String.join(
                ", ",
                IntStream.rangeClosed(1, JobRows.COLUMN_COUNT)
                        .mapToObj(i -> i == JobRows.HEARTBEAT_POSITION
                                ? "SYSUTCDATETIME()"
                                : "@p" + (i < JobRows.HEARTBEAT_POSITION ? i : i - 1))
                        .toList());
        String insertJob = "INSERT INTO " + StatusTables.qualified(instance, StatusTables.JOB_TABLE) + " ("
                + JobRows.COLUMNS + ", [cancel_requested])" + " VALUES (" + params + ", 0)";
        if (job.idempotencyKey() == null) {
            return instance.pool()
                    .preparedQuery(insertJob)
                    .execute(Tuple.from(mapping.values(job)))
                    .replaceWithVoid();
        }
        String insertKey = "INSERT INTO " + StatusTables.qualified(instance, StatusTables.IDEMPOTENCY_TABLE)
                + " ([instance_name], [idempotency_key], [job_id]) VALUES (@p1, @p2, @p3)";
        return instance.pool()
                .withTransaction(tx -> tx.preparedQuery(insertKey)
                        .execute(Tuple.of(instance.name(), job.idempotencyKey(), job.id()))
                        .flatMap(v -> tx.preparedQuery(insertJob).execute(Tuple.from(mapping.values(job)))))
                .onFailure(JobStore::isDuplicateKey)
                .transform(f -> new DuplicateIdempotencyKey())
                .replaceWithVoid();
    }

    /** The job an idempotency key was first used for, if any. */
    public Uni<Optional<Long>> jobForKey(Instance instance, String idempotencyKey) {
        String sql = "SELECT [job_id] FROM " + StatusTables.qualified(instance, StatusTables.IDEMPOTENCY_TABLE)
                + " WHERE [instance_name] = @p1 AND [idempotency_key] = @p2";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(instance.name(), idempotencyKey))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getLong("job_id")));
    }

    /** Asks the job to stop at its next batch boundary, wherever it runs. False when it has already ended. */
    public Uni<Boolean> requestCancel(Instance instance, long id) {
        String sql =
                "UPDATE " + StatusTables.qualified(instance, StatusTables.JOB_TABLE) + " SET [cancel_requested] = 1 "
                        + "WHERE [id] = @p1 AND [instance_name] = @p2 AND [status] IN ('CREATED', 'RUNNING')";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(id, instance.name()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> cancelRequested(Instance instance, long id) {
        String sql = "SELECT [cancel_requested] FROM " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                + " WHERE [id] = @p1";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 1
                        && Boolean.TRUE.equals(rows.iterator().next().getBoolean("cancel_requested")));
    }

    /** Records the callback's outcome under the claim the job ended with. */
    public Uni<Void> updateCallbackStatus(Instance instance, JobRecord job, String callbackStatus) {
        String sql = "UPDATE " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                + " SET [callback_status] = @p1 WHERE [id] = @p2 " + "AND [fence] = @p3";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(
                        StoredLengths.fit(callbackStatus, StoredLengths.CALLBACK_STATUS), job.id(), job.fence()))
                .replaceWithVoid();
    }

    /** One page of the instance's jobs, newest first, before the job id {@code beforeId} (0 for the first page). */
    public Uni<List<JobRecord>> list(Instance instance, long beforeId, int limit, String status, String objectName) {
        StringBuilder sql = new StringBuilder("SELECT TOP (@p1) ")
                .append(JobRows.COLUMNS)
                .append(" FROM ")
                .append(StatusTables.qualified(instance, StatusTables.JOB_TABLE))
                .append(" WHERE [instance_name] = @p2 AND [id] < @p3");
        List<Object> params =
                new ArrayList<>(List.of(limit, instance.name(), beforeId <= 0 ? Long.MAX_VALUE : beforeId));
        if (status != null) {
            params.add(status);
            sql.append(" AND [status] = @p").append(params.size());
        }
        if (objectName != null) {
            params.add(objectName);
            sql.append(" AND [object_name] = @p").append(params.size());
        }
        sql.append(" ORDER BY [id] DESC");
        return instance.pool()
                .preparedQuery(sql.toString())
                .execute(Tuple.from(params))
                .map(rows -> {
                    List<JobRecord> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(mapping.read(row)));
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
        String sql = "UPDATE " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                + " SET [status] = @p1, [records_count] = @p2, "
                + "[succeeded_count] = @p3, [failed_count] = @p4, [unprocessed_count] = @p5, [checkpoint_row] = @p6, "
                + "[started_date] = @p7, [completed_date] = @p8, [status_message] = @p9, [owner] = @p10, "
                + "[checkpoint_offset] = @p13, [checkpoint_offset_row] = @p14, "
                + "[heartbeat] = SYSUTCDATETIME() WHERE [id] = @p11 AND [fence] = @p12";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.from(new Object[] {
                    job.status().name(),
                    job.recordsCount(),
                    job.succeeded(),
                    job.failed(),
                    job.unprocessed(),
                    job.checkpointRow(),
                    JobRows.utc(job.startedDate()),
                    JobRows.utc(job.completedDate()),
                    JobRows.truncate(job.statusMessage()),
                    job.owner(),
                    job.id(),
                    job.fence(),
                    JobRows.offset(job),
                    JobRows.offsetRow(job)
                }))
                .flatMap(rows -> held(rows.rowCount(), job));
    }

    private static Uni<Void> held(int rowCount, JobRecord job) {
        return rowCount == 1
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new JobTakenOverException(job.id()));
    }

    /** A job as read under a fresh claim of it, and whether a cancel has been asked for. */
    public record Claim(JobRecord job, boolean cancelRequested) {}

    /**
     * Takes the job for {@code owner} when nobody else holds it: free, last held by this owner, or its holder
     * silent for longer than {@code lease} by the database's clock (replicas' clocks never meet). The claim
     * increments the job's fence, which stops every write of an earlier holder, marks it RUNNING, and reads it
     * back in the same transaction: a run starts from the checkpoint and counts stored now, never from a copy read
     * earlier. Empty when the job is held by someone else or has ended.
     */
    public Uni<Optional<Claim>> claim(Instance instance, long id, String owner, Duration lease) {
        String update = "UPDATE " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                + " SET [owner] = @p1, [fence] = [fence] + 1, "
                + "[heartbeat] = SYSUTCDATETIME(), [status] = 'RUNNING', "
                + "[started_date] = COALESCE([started_date], SYSUTCDATETIME()) "
                + "WHERE [id] = @p2 AND [instance_name] = @p3 AND [status] IN ('CREATED', 'RUNNING') AND ([owner] IS NULL "
                + "OR [owner] = @p1 OR [heartbeat] IS NULL OR [heartbeat] < DATEADD(millisecond, -@p4, SYSUTCDATETIME()))";
        String read = "SELECT " + JobRows.COLUMNS + ", [cancel_requested] FROM "
                + StatusTables.qualified(instance, StatusTables.JOB_TABLE) + " WHERE [id] = @p1";
        return instance.pool()
                .withTransaction(tx -> tx.preparedQuery(update)
                        .execute(Tuple.of(owner, id, instance.name(), leaseMillis(lease)))
                        .flatMap(updated -> updated.rowCount() != 1
                                ? Uni.createFrom().item(Optional.<Claim>empty())
                                : tx.preparedQuery(read).execute(Tuple.of(id)).map(rows -> {
                                    Row row = rows.iterator().next();
                                    return Optional.of(new Claim(
                                            mapping.read(row),
                                            Boolean.TRUE.equals(row.getBoolean("cancel_requested"))));
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
        String sql = "UPDATE " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                + " SET [heartbeat] = SYSUTCDATETIME() "
                + "WHERE [id] = @p1 AND [fence] = @p2 AND [status] = 'RUNNING'";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(job.id(), job.fence()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Moves the checkpoint inside the batch's transaction. Fails when another replica has claimed the job since or
     * a cancel was requested, so that the batch rolls back instead of being written twice or after the cancel.
     */
    public Uni<Void> checkpoint(SqlClient tx, Instance instance, JobRecord job) {
        return tx.preparedQuery(checkpointSql(instance, "@p"))
                .execute(Tuple.from(checkpointValues(job)))
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
            Object value = values[i - 1];
            update = update.replace("@p" + i, value == null ? "NULL" : String.valueOf((long) (Long) value));
        }
        return "SET XACT_ABORT ON; BEGIN TRANSACTION; " + update
                + "; SELECT @@ROWCOUNT AS moved, @@TRANCOUNT AS open_transactions";
    }

    /** Moves the checkpoint only under the job's claim, while no cancel was asked for. */
    private String checkpointSql(Instance instance, String marker) {
        return StatusTables.parameters(
                "UPDATE " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                        + " SET [checkpoint_row] = @1, [succeeded_count] = @2, "
                        + "[failed_count] = @3, [heartbeat] = SYSUTCDATETIME(), [checkpoint_offset] = @6, "
                        + "[checkpoint_offset_row] = @7 WHERE [id] = @4 AND [fence] = @5 AND [cancel_requested] = 0",
                marker);
    }

    private static Object[] checkpointValues(JobRecord job) {
        return new Object[] {
            job.checkpointRow(),
            job.succeeded(),
            job.failed(),
            job.id(),
            job.fence(),
            JobRows.offset(job),
            JobRows.offsetRow(job)
        };
    }

    public Uni<Optional<JobRecord>> find(Instance instance, long id) {
        String sql = "SELECT " + JobRows.COLUMNS + " FROM " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                + " WHERE [id] = @p1 AND [instance_name] = @p2";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(id, instance.name()))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(mapping.read(rows.iterator().next())));
    }

    /**
     * Jobs of this instance that are not over and that {@code owner} could claim now (free, last held by it, or
     * silent for longer than {@code lease} by the database's clock), oldest first: candidates to run or resume.
     */
    public Uni<List<JobRecord>> claimable(Instance instance, String owner, Duration lease) {
        String sql = "SELECT " + JobRows.COLUMNS + " FROM " + StatusTables.qualified(instance, StatusTables.JOB_TABLE)
                + " WHERE [instance_name] = @p1 AND [status] IN ('CREATED', 'RUNNING') AND ([owner] IS NULL "
                + "OR [owner] = @p2 OR [heartbeat] IS NULL OR [heartbeat] < DATEADD(millisecond, -@p3, SYSUTCDATETIME())) "
                + "ORDER BY [id]";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(instance.name(), owner, leaseMillis(lease)))
                .map(rows -> {
                    List<JobRecord> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(mapping.read(row)));
                    return jobs;
                });
    }
}
