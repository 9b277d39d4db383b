package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.sqlserver.ServiceTables;
import dev.mssqlbulk.sqlserver.SqlNames;
import io.smallrye.mutiny.Uni;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The job status tables in each instance's schema, created on first use (by whichever replica comes first) and
 * brought up to date: one row per job ({@link JobStore}), one per failed row ({@link FailedRows}) and one per
 * idempotency key.
 */
@ApplicationScoped
public class StatusTables {

    static final String JOB_TABLE = ServiceTables.JOB_TABLE;
    static final String ERROR_TABLE = ServiceTables.JOB_ERROR_TABLE;
    static final String IDEMPOTENCY_TABLE = ServiceTables.IDEMPOTENCY_TABLE;

    /** Creates the status tables unless they exist; safe when several replicas start at once. */
    public Uni<Void> ensure(Instance instance) {
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
                  [fence] BIGINT NOT NULL CONSTRAINT [DF_%2$s_fence] DEFAULT 0,
                  [checkpoint_offset] BIGINT NULL,
                  [checkpoint_offset_row] BIGINT NULL
                )""")
                .flatMap(v -> addFenceIfMissing(instance))
                .flatMap(v -> addCheckpointOffsetIfMissing(instance))
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
        String exists =
                "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = @p1 AND TABLE_NAME = @p2";
        return instance.pool()
                .preparedQuery(exists)
                .execute(Tuple.of(instance.schema(), table))
                .flatMap(rows -> {
                    if (rows.iterator().next().getInteger("n") > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String sql = ddl.formatted(qualified(instance, table), table);
                    return instance.pool()
                            .query(sql)
                            .execute()
                            .replaceWithVoid()
                            .onFailure(StatusTables::alreadyExists)
                            .recoverWithNull();
                });
    }

    /** Status tables of releases before fencing have no [fence] column: it is added, 0 for every job. */
    private Uni<Void> addFenceIfMissing(Instance instance) {
        String exists = "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @p1 "
                + "AND TABLE_NAME = @p2 AND COLUMN_NAME = 'fence'";
        return instance.pool()
                .preparedQuery(exists)
                .execute(Tuple.of(instance.schema(), JOB_TABLE))
                .flatMap(rows -> rows.iterator().next().getInteger("n") > 0
                        ? Uni.createFrom().voidItem()
                        : instance.pool()
                                .query("ALTER TABLE " + qualified(instance, JOB_TABLE)
                                        + " ADD [fence] BIGINT NOT NULL CONSTRAINT [DF_" + JOB_TABLE
                                        + "_fence] DEFAULT 0")
                                .execute()
                                .replaceWithVoid()
                                .onFailure(StatusTables::alreadyExists)
                                .recoverWithNull());
    }

    /**
     * Status tables of releases before resume offsets have no [checkpoint_offset] and [checkpoint_offset_row]: they
     * are added in one statement, NULL for every job (its rows are skipped on resume, as before). Replicas of those
     * releases name their columns and never touch these.
     */
    private Uni<Void> addCheckpointOffsetIfMissing(Instance instance) {
        String exists = "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @p1 "
                + "AND TABLE_NAME = @p2 AND COLUMN_NAME = 'checkpoint_offset_row'";
        return instance.pool()
                .preparedQuery(exists)
                .execute(Tuple.of(instance.schema(), JOB_TABLE))
                .flatMap(rows -> rows.iterator().next().getInteger("n") > 0
                        ? Uni.createFrom().voidItem()
                        : instance.pool()
                                .query("ALTER TABLE " + qualified(instance, JOB_TABLE)
                                        + " ADD [checkpoint_offset] BIGINT NULL, [checkpoint_offset_row] BIGINT NULL")
                                .execute()
                                .replaceWithVoid()
                                .onFailure(StatusTables::alreadyExists)
                                .recoverWithNull());
    }

    private static boolean alreadyExists(Throwable failure) {
        return failure instanceof MSSQLException sql && (sql.number() == 2714 || sql.number() == 2705);
    }

    static String qualified(Instance instance, String table) {
        return SqlNames.quote(instance.schema()) + "." + SqlNames.quote(table);
    }

    /** Spells the numbered markers {@code @1, @2...} for a client: {@code @p1} for Vert.x, {@code ?} for JDBC. */
    static String parameters(String sql, String marker) {
        return "?".equals(marker) ? sql.replaceAll("@\\d+", "?") : sql.replace("@", marker);
    }
}
