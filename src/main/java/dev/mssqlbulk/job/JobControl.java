package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.staging.StagedFiles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a client can do with existing jobs: find them, list them, cancel them. */
@ApplicationScoped
public class JobControl {

    private static final Duration POLL = Duration.ofMillis(200);
    /** Often enough for a progress bar to move smoothly; each watcher costs one in-memory lookup per interval. */
    private static final Duration CHANGES_POLL = Duration.ofMillis(250);

    private final JobRegistry registry;
    private final JobStore store;
    private final JobRunner runner;
    private final StagedFiles staged;

    public JobControl(JobRegistry registry, JobStore store, JobRunner runner, StagedFiles staged) {
        this.registry = registry;
        this.store = store;
        this.runner = runner;
        this.staged = staged;
    }

    public Uni<Optional<JobRecord>> find(Instance instance, long id) {
        return registry.find(instance, id);
    }

    /** One page of the instance's jobs, newest first; jobs this replica runs show their live progress. */
    public Uni<List<JobRecord>> list(Instance instance, long beforeId, int limit, JobStatus status, String objectName) {
        return store.list(instance, beforeId, limit, status == null ? null : status.name(), objectName)
                .map(stored -> {
                    List<JobRecord> page = new ArrayList<>(stored.size());
                    for (JobRecord job : stored) {
                        page.add(
                                registry.isActive(job.id())
                                        ? registry.live(job.id()).orElse(job)
                                        : job);
                    }
                    return page;
                });
    }

    /**
     * Stops a job at its next batch boundary: a job waiting in this replica's queue ends at once; a running one,
     * here or on another replica, ends when its next checkpoint refuses to move. The rows not reached are
     * unprocessed.
     *
     * @throws JobAlreadyEnded when the job has ended
     */
    public Uni<JobRecord> cancel(Instance instance, JobRecord job) {
        if (job.status().isFinal()) {
            return Uni.createFrom().failure(new JobAlreadyEnded(job));
        }
        return store.requestCancel(instance, job.id()).flatMap(requested -> {
            if (!requested) {
                return store.find(instance, job.id()).map(found -> {
                    throw new JobAlreadyEnded(found.orElse(job));
                });
            }
            registry.requestCancel(job.id());
            Optional<JobRecord> queued = runner.dequeue(instance, job.id());
            if (queued.isEmpty()) {
                return Uni.createFrom().item(registry.live(job.id()).orElse(job));
            }
            return cancelWaiting(instance, queued.get());
        });
    }

    /**
     * Ends a job taken out of this replica's queue: claimed first, so that the end is written under a claim of its
     * own; if another replica holds the job, its next checkpoint sees the cancel and ends it there.
     */
    private Uni<JobRecord> cancelWaiting(Instance instance, JobRecord waiting) {
        return store.claim(instance, waiting.id(), runner.nodeId(), runner.jobLease())
                .flatMap(claim -> {
                    if (claim.isEmpty()) {
                        runner.ended(instance, waiting);
                        return Uni.createFrom().item(registry.live(waiting.id()).orElse(waiting));
                    }
                    return countRows(claim.get().job())
                            .map(counted -> counted.finished(JobStatus.CANCELLED, JobRun.CANCELLED, Instant.now()))
                            .flatMap(cancelled -> store.update(instance, cancelled)
                                    .invoke(() -> {
                                        registry.put(cancelled);
                                        runner.ended(instance, cancelled);
                                    })
                                    .replaceWith(cancelled));
                });
    }

    /** A job that never started has not counted its rows; they are all unprocessed. Counting reads the file. */
    private Uni<JobRecord> countRows(JobRecord job) {
        if (job.recordsCount() > 0) {
            return Uni.createFrom().item(job);
        }
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return job.counted(job.options().countRows(() -> staged.open(job.stagedFile(), 0)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The job once it has ended, or as it is when {@code wait} has passed: for {@code Prefer: wait}, which keeps a
     * serverless platform from throttling the CPU while the job still runs. Looks this replica's memory (or the
     * status table for jobs of other replicas) up a few times a second; no thread waits. Each look-up starts a
     * pause after the previous one has answered, so a slow answer only spaces them out (a ticking clock would
     * overflow while one look-up is slower than its period).
     */
    public Uni<JobRecord> awaitEnd(Instance instance, JobRecord job, Duration wait) {
        if (job.status().isFinal() || wait.isZero() || wait.isNegative()) {
            return Uni.createFrom().item(job);
        }
        return Multi.createBy()
                .repeating()
                .uni(() -> Uni.createFrom()
                        .voidItem()
                        .onItem()
                        .delayIt()
                        .by(POLL)
                        .flatMap(v -> find(instance, job.id()))
                        .map(found -> found.orElse(job)))
                .indefinitely()
                .select()
                .where(current -> current.status().isFinal())
                .toUni()
                .ifNoItem()
                .after(wait)
                .recoverWithUni(() -> find(instance, job.id()).map(found -> found.orElse(job)));
    }

    /**
     * The job's status each time it changes, from now until it has ended (the final status is the last item): for
     * {@code GET /bulk/{id}/events}. Looks the job up like {@link #awaitEnd} (this replica's memory, or the status
     * table for other replicas' jobs), one lookup at a time; a lookup that fails is retried a few times before the
     * stream fails.
     */
    public Multi<JobStatusView> changes(Instance instance, JobRecord job) {
        return Polled.changes(
                () -> find(instance, job.id())
                        .map(found -> JobStatusView.of(found.orElse(job)))
                        .onFailure()
                        .retry()
                        .withBackOff(POLL, Duration.ofSeconds(2))
                        .atMost(3),
                CHANGES_POLL,
                view -> JobStatus.valueOf(view.status()).isFinal());
    }

    /** A finished job cannot be cancelled. */
    public static final class JobAlreadyEnded extends RuntimeException {

        public JobAlreadyEnded(JobRecord job) {
            super("job " + job.id() + " has already ended with status " + job.status(), null, false, false);
        }
    }
}
