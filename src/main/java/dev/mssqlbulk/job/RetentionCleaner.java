package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.sqlserver.ServerFailures;
import dev.mssqlbulk.sqlserver.SqlNames;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Keeps the status tables from growing forever: the rows of a job that ended more than {@code row-retention} ago
 * (default: the results retention, after which its result files are gone too) are deleted with its failed rows
 * and its idempotency key. Runs at start and every hour, on each instance, from every replica (the deletes are
 * idempotent; a replica that finds nothing left deletes nothing).
 */
@ApplicationScoped
public class RetentionCleaner {

    private static final Logger LOG = Logger.getLogger(RetentionCleaner.class);
    private static final long PERIOD_MILLIS = 3_600_000;
    private static final String ENDED = "[status] IN ('COMPLETE', 'ERROR', 'CANCELLED')";

    private final Instances instances;
    private final JobResumer resumer;
    private final BulkConfig config;
    private final Vertx vertx;
    private long timer = -1;

    public RetentionCleaner(Instances instances, JobResumer resumer, BulkConfig config, Vertx vertx) {
        this.instances = instances;
        this.resumer = resumer;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(
                60_000,
                PERIOD_MILLIS,
                id -> instances
                        .all()
                        .forEach(instance -> deleteExpired(instance, Instant.now())
                                .subscribe()
                                .with(n -> {}, f -> {})));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The retention of status-table rows. */
    Duration retention() {
        return config.rowRetention().orElse(config.resultsRetention());
    }

    /** Deletes the rows of the instance's jobs that ended before {@code now} minus the retention; how many jobs. */
    public Uni<Integer> deleteExpired(Instance instance, Instant now) {
        LocalDateTime cutoff = LocalDateTime.ofInstant(now.minus(retention()), ZoneOffset.UTC);
        String jobs = table(instance, StatusTables.JOB_TABLE);
        String expired = "SELECT [id] FROM " + jobs + " WHERE [instance_name] = @p1 AND " + ENDED
                + " AND [completed_date] < @p2";
        Tuple params = Tuple.of(instance.name(), cutoff);
        return resumer.ensureTables(instance)
                .flatMap(v -> instance.pool()
                        .preparedQuery("DELETE FROM " + table(instance, StatusTables.ERROR_TABLE)
                                + " WHERE [job_id] IN (" + expired + ")")
                        .execute(params))
                .flatMap(v -> instance.pool()
                        .preparedQuery("DELETE FROM " + table(instance, StatusTables.IDEMPOTENCY_TABLE)
                                + " WHERE [instance_name] = @p1 AND [job_id] IN (" + expired + ")")
                        .execute(params))
                .flatMap(v -> instance.pool()
                        .preparedQuery("DELETE FROM " + jobs + " WHERE [instance_name] = @p1 AND " + ENDED
                                + " AND [completed_date] < @p2")
                        .execute(params))
                .map(rows -> rows.rowCount())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof(
                                "Instance '%s': deleted the status rows of %d jobs past the retention",
                                instance.name(), n);
                    }
                })
                .onFailure()
                .invoke(f -> LOG.warnf(
                        "Instance '%s': cannot delete expired status rows: %s",
                        instance.name(), ServerFailures.describe(f)));
    }

    private static String table(Instance instance, String name) {
        return SqlNames.quote(instance.schema()) + "." + SqlNames.quote(name);
    }
}
