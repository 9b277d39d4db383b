package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.write.SqlServerDialect;
import dev.mssqlbulk.write.SqlServerDialect.FailureKind;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.concurrent.Executor;

/** Steps every kind of job run takes: blocking file I/O on a worker, and saving how the job ended. */
final class JobSteps {

    private static final Logger LOG = Logger.getLogger(JobSteps.class);

    private JobSteps() {
    }

    @FunctionalInterface
    interface IoWork<T> {
        T get() throws IOException;
    }

    /** Runs blocking file work on the worker pool; an I/O failure ends the job ERROR, prefixed with {@code what}. */
    static <T> Uni<T> onWorker(Executor worker, String what, IoWork<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.get();
            } catch (IOException e) {
                LOG.warnf(e, "%s", what);
                throw new StopJob(JobStatus.ERROR, what + ": " + IoFailures.describe(e));
            }
        }).runSubscriptionOn(worker);
    }

    /**
     * Saves how a job ended and publishes it in memory, retrying transient failures. The end stands even when it
     * cannot be saved: the job's checkpoint is already durable, so a later resume finds nothing left to do. When
     * another replica has claimed the job since ({@link JobTakenOverException}), nothing is published and the job
     * is returned as it was ({@code unended}): its end is the new holder's to write, with its callback and its
     * clean-up.
     */
    static Uni<JobRecord> saveEnd(JobServices services, Instance instance, JobRecord ended, JobRecord unended) {
        BulkConfig.Retry retry = services.config().retry();
        return services.store().update(instance, ended)
                .onFailure(f -> SqlServerDialect.classify(f) == FailureKind.TRANSIENT).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).atMost(retry.maxAttempts() - 1L)
                .replaceWith(ended)
                .onFailure(JobTakenOverException.class).recoverWithItem(f -> {
                    LOG.infof("Job %d: not ended here (%s): another replica holds it now", ended.id(), ended.status());
                    return unended;
                })
                .onFailure().recoverWithItem(f -> {
                    LOG.errorf("Job %d ended %s but its status could not be saved: %s",
                            ended.id(), ended.status(), SqlServerDialect.describe(f));
                    return ended;
                })
                .invoke(services.registry()::put);
    }
}
