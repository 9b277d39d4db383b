package dev.mssqlbulk.testing;

import dev.mssqlbulk.ingest.ResumePoint;
import dev.mssqlbulk.job.JobOptions;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The crashed job of the resume tests, as a crash leaves it: table {@code resumed_items} ({@code id}, {@code label})
 * with its first rows committed, and a job row left {@code RUNNING} by a replica that went silent. Silence is set by
 * the database's clock, the only one the service trusts.
 */
public final class ResumedItems {

    public static final List<String> HEADER = List.of("id", "label");

    private ResumedItems() {}

    /** Empties the table and commits rows 1 to {@code committed}, labelled {@code item <i>}. */
    public static void commit(int committed) {
        commit(committed, i -> "item " + i);
    }

    /** Empties the table and commits rows 1 to {@code committed} with the given labels. */
    public static void commit(int committed, IntFunction<String> label) {
        Sql.execute("DELETE FROM [dbo].[resumed_items]");
        for (int i = 1; i <= committed; i++) {
            Sql.query("INSERT INTO [dbo].[resumed_items] ([id], [label]) VALUES (@p1, @p2)", i, label.apply(i));
        }
    }

    /**
     * A {@code RUNNING} job of instance {@code test} into {@code resumed_items}, created a minute ago, with
     * {@code committed} of its {@code rows} rows succeeded and checkpointed.
     */
    public static JobRecord runningJob(
            long id,
            String action,
            String path,
            int rows,
            int committed,
            JobOptions options,
            Path staged,
            String owner,
            Instant heartbeat) {
        Instant created = Instant.now().minusSeconds(60);
        return new JobRecord(
                id,
                "test",
                "resumed_items",
                action,
                path,
                JobStatus.RUNNING,
                rows,
                committed,
                0,
                0,
                committed,
                created,
                created,
                null,
                null,
                options,
                HEADER,
                staged,
                null,
                null,
                owner,
                heartbeat,
                null);
    }

    /** {@code job} with the point where the record after its checkpoint starts, as its last commit stored it. */
    public static JobRecord resumableAt(JobRecord job, ResumePoint point) {
        return job.progressed(job.checkpointRow(), point, job.succeeded(), job.failed(), Instant.now());
    }

    /** Sets the job's heartbeat {@code silent} back, by the database's clock. */
    public static void silence(long id, Duration silent) {
        Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [heartbeat] = DATEADD(second, -" + silent.toSeconds()
                + ", SYSUTCDATETIME()) WHERE [id] = " + id);
    }
}
