package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.sqlserver.FailureKind;
import dev.mssqlbulk.sqlserver.ServerFailures;
import dev.mssqlbulk.staging.StagingUnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One run of one job, whatever its kind: passes over the job, each starting with a claim (which fences off any
 * earlier holder and reads the checkpoint the status table holds), retried after transient failures under one
 * backoff policy, and the end saved once. What a pass does is the {@link Work} of the job's {@link JobKind}.
 * Lives for the run; its state is touched by one step at a time.
 */
public final class JobRun {

    private static final Logger LOG = Logger.getLogger(JobRun.class);
    public static final String CANCELLED = "cancelled on request";

    /** What one kind of job does in a run, from the claim on. */
    public interface Work {

        /**
         * One pass over the job as claimed ({@link JobRun#job()}): completes with the status message of a complete
         * job, or fails with {@link StopJob} to end it otherwise.
         */
        Uni<String> pass();

        /**
         * Progress that survives a failed pass: while it moves, transient failures do not add up (an upload's
         * committed checkpoint); a kind that starts every pass afresh keeps none.
         */
        default long keptProgress() {
            return 0;
        }

        /** Releases what the run held (a reader, a connection, an open file); called once, at the run's end. */
        Uni<Void> close();
    }

    @FunctionalInterface
    public interface IoWork<T> {
        T get() throws IOException;
    }

    private final Instance instance;
    private final JobServices services;
    private final BooleanSupplier draining;
    private final Work work;
    private JobRecord job;
    private volatile long lastProgress = System.nanoTime();

    JobRun(Instance instance, JobRecord job, JobServices services, BooleanSupplier draining, JobKind kind) {
        this.instance = instance;
        this.job = job;
        this.services = services;
        this.draining = draining;
        this.work = kind.work(this);
    }

    public Instance instance() {
        return instance;
    }

    /** The job as this run holds it, its claim's fence included. */
    public JobRecord job() {
        return job;
    }

    /** {@link System#nanoTime()} when the job last moved: claimed, or a batch or page committed. */
    long lastProgressNanos() {
        return lastProgress;
    }

    /** The job moved on: a batch or page is done. Published at once, for status reads through this replica. */
    public void advance(JobRecord next) {
        job = next;
        services.registry().put(next);
        lastProgress = System.nanoTime();
    }

    /** The job moved on, saved under the run's claim (counts, a restarted download). */
    public Uni<Void> save(JobRecord next) {
        advance(next);
        return services.store().update(instance, next);
    }

    /** At a batch or page boundary: a cancel asked through this replica, or a shutdown, stops the run here. */
    public void checkContinue() {
        if (services.registry().cancelRequested(job.id())) {
            throw new StopJob(JobStatus.CANCELLED, CANCELLED);
        }
        if (draining.getAsBoolean()) {
            throw new JobPaused();
        }
    }

    /** Whether a cancel was asked through any replica (a read of the status table). */
    public Uni<Boolean> cancelRequested() {
        return services.store().cancelRequested(instance, job.id());
    }

    /**
     * Runs blocking file work on the worker pool; an I/O failure ends the job ERROR, prefixed with {@code what}. A
     * staging store that could not be reached, or that lost or stalled a read, is a transient failure instead: the
     * pass is retried from the checkpoint under the retry policy, as for a lost database connection.
     */
    public <T> Uni<T> onWorker(String what, IoWork<T> io) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return io.get();
                    } catch (StagingUnavailableException e) {
                        LOG.warnf("Job %d: %s: %s", job.id(), what, e.getMessage());
                        throw new UncheckedIOException(what + ": the staging store is unavailable", e);
                    } catch (IOException e) {
                        LOG.warnf(e, "%s", what);
                        throw new StopJob(JobStatus.ERROR, what + ": " + IoFailures.describe(e));
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Whether a failure ends or suspends the run itself (a stop, a lost claim, a shutdown) rather than a statement. */
    public static boolean endsRun(Throwable f) {
        return f instanceof StopJob || f instanceof JobTakenOverException || f instanceof JobPaused;
    }

    Uni<JobRecord> run() {
        return passes().map(summary -> new StopJob(JobStatus.COMPLETE, summary))
                .onFailure(StopJob.class)
                .recoverWithItem(f -> (StopJob) f)
                .flatMap(stop -> finish(stop.status, stop.getMessage()))
                .onFailure(JobTakenOverException.class)
                .recoverWithUni(this::interrupted)
                .onFailure(JobPaused.class)
                .recoverWithItem(f -> {
                    LOG.infof(
                            "Job %d: paused for shutdown after row %d; it resumes from there",
                            job.id(), job.checkpointRow());
                    return job;
                })
                .onFailure()
                .recoverWithUni(f -> {
                    LOG.errorf(f, "Job %d failed", job.id());
                    return finish(JobStatus.ERROR, ServerFailures.describe(f));
                })
                .eventually(work::close);
    }

    /**
     * Passes until one completes. A transient failure anywhere (lost connection, failover, deadlock) starts a new
     * pass after a backoff ({@code retry.*}: exponential from {@code initial-backoff} to {@code max-backoff}, with
     * jitter); the job gives up only after {@code retry.max-attempts} failures in a row with no kept progress
     * between them: a pass that kept progress before it failed starts a new series.
     */
    private Uni<String> passes() {
        return Uni.createFrom().deferred(() -> {
            BulkConfig.Retry retry = services.config().retry();
            long keptBefore = work.keptProgress();
            int[] failures = {0};
            Uni<String> pass = Uni.createFrom().deferred(this::pass);
            if (retry.maxAttempts() > 1) {
                pass = pass.onFailure(f -> isTransient(f)
                                && work.keptProgress() == keptBefore
                                && retrying(f, ++failures[0], retry))
                        .retry()
                        .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                        .atMost(retry.maxAttempts() - 1L);
            }
            return pass.onFailure(f -> isTransient(f) && work.keptProgress() != keptBefore)
                    .recoverWithUni(f -> {
                        retrying(f, 1, retry);
                        return Uni.createFrom()
                                .voidItem()
                                .onItem()
                                .delayIt()
                                .by(retry.initialBackoff())
                                .flatMap(v -> passes());
                    })
                    .onFailure(JobRun::isTransient)
                    .transform(f -> new StopJob(
                            JobStatus.ERROR,
                            (stagingUnavailable(f) ? "staging store" : "database") + " unreachable after "
                                    + retry.maxAttempts() + " attempts: " + ServerFailures.describe(f)));
        });
    }

    private boolean retrying(Throwable failure, int failures, BulkConfig.Retry retry) {
        if (failures >= retry.maxAttempts()) {
            return false;
        }
        LOG.warnf(
                "Job %d: transient failure %d of %d, starting again from row %d after a backoff: %s",
                job.id(), failures, retry.maxAttempts(), job.checkpointRow() + 1, ServerFailures.describe(failure));
        return true;
    }

    private Uni<String> pass() {
        return claim().flatMap(v -> work.pass());
    }

    /**
     * Claims the job (another replica's claim is fenced off from then on) and takes the checkpoint and counts the
     * claim read: nothing this replica held in memory before is written back.
     */
    private Uni<Void> claim() {
        return services.store()
                .claim(instance, job.id(), services.nodeId(), services.config().jobLease())
                .map(claim -> {
                    JobStore.Claim held = claim.orElseThrow(() -> new JobTakenOverException(job.id()));
                    advance(held.job());
                    if (held.cancelRequested()) {
                        throw new StopJob(JobStatus.CANCELLED, CANCELLED);
                    }
                    return null;
                });
    }

    /**
     * The claim was lost: a cancel was requested, or another replica owns the job now. Either way this replica
     * stops writing; it never overwrites the status of a job it may no longer own.
     */
    private Uni<JobRecord> interrupted(Throwable takenOver) {
        return services.store()
                .cancelRequested(instance, job.id())
                .onFailure()
                .recoverWithItem(false)
                .flatMap(cancelled -> {
                    if (cancelled) {
                        return finish(JobStatus.CANCELLED, CANCELLED);
                    }
                    LOG.infof("Job %d: %s", job.id(), takenOver.getMessage());
                    return Uni.createFrom().item(job);
                });
    }

    /**
     * Saves how the job ended and publishes it in memory, retrying transient failures. The end stands even when it
     * cannot be saved: the job's checkpoint is already durable, so a later resume finds nothing left to do. When
     * another replica has claimed the job since ({@link JobTakenOverException}), nothing is published and the job
     * is returned as it was: its end is the new holder's to write, with its callback and its clean-up.
     */
    private Uni<JobRecord> finish(JobStatus status, String message) {
        return saveEnd(services, instance, job.finished(status, message, Instant.now()), job)
                .invoke(saved -> job = saved);
    }

    static Uni<JobRecord> saveEnd(JobServices services, Instance instance, JobRecord ended, JobRecord unended) {
        BulkConfig.Retry retry = services.config().retry();
        return services.store()
                .update(instance, ended)
                .onFailure(JobRun::isTransient)
                .retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .atMost(Math.max(1, retry.maxAttempts() - 1L))
                .replaceWith(ended)
                .onFailure(JobTakenOverException.class)
                .recoverWithItem(f -> {
                    LOG.infof("Job %d: not ended here (%s): another replica holds it now", ended.id(), ended.status());
                    return unended;
                })
                .onFailure()
                .recoverWithItem(f -> {
                    LOG.errorf(
                            "Job %d ended %s but its status could not be saved: %s",
                            ended.id(), ended.status(), ServerFailures.describe(f));
                    return ended;
                })
                .invoke(services.registry()::put);
    }

    private static boolean isTransient(Throwable f) {
        return !endsRun(f) && (stagingUnavailable(f) || ServerFailures.classify(f) == FailureKind.TRANSIENT);
    }

    /** Whether the staging store failed (through {@link #onWorker}, or a reader's stream), however wrapped. */
    private static boolean stagingUnavailable(Throwable f) {
        for (Throwable cause = f; cause != null; cause = cause.getCause()) {
            if (cause instanceof StagingUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
