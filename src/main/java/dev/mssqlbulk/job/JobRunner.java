package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.staging.StagingCleaner;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs jobs, at most {@code max-concurrent-jobs} at once per instance; the others wait in CREATED, in order.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobServices services;
    private final Map<String, Queue> queues = new HashMap<>();
    private final Map<Long, JobRun> running = new ConcurrentHashMap<>();

    private final List<JobKind> kinds;
    private final JobCallbacks callbacks;
    private final Duration shutdownTimeout;
    private volatile boolean draining;

    private final JobMetrics metrics;

    public JobRunner(
            JobStore store,
            JobRegistry registry,
            JobCallbacks callbacks,
            JobMetrics metrics,
            BulkConfig config,
            @All List<JobKind> kinds,
            @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "30S") Duration shutdownTimeout) {
        this.kinds = List.copyOf(kinds);
        this.callbacks = callbacks;
        this.metrics = metrics;
        this.shutdownTimeout = shutdownTimeout;
        this.services = new JobServices(store, registry, config, config.nodeId().orElseGet(JobRunner::hostName));
    }

    public String nodeId() {
        return services.nodeId();
    }

    Duration jobLease() {
        return services.config().jobLease();
    }

    /** Refuses new work once this replica is shutting down or the instance's queue is full. */
    public void checkCapacity(Instance instance) {
        if (draining) {
            throw new Overloaded("this replica is shutting down; retry the upload", 503, 5);
        }
        Queue queue = queue(instance);
        synchronized (queue) {
            if (queue.waiting.size() >= instance.config().maxQueuedJobs()) {
                throw new Overloaded(
                        queue.waiting.size() + " jobs are already waiting for instance '" + instance.name()
                                + "'; retry later",
                        429,
                        30);
            }
        }
    }

    /**
     * Graceful shutdown: running jobs stop at their next batch boundary (everything before it is committed with
     * its checkpoint) and stay RUNNING, to be resumed by the next start or another replica; waiting jobs stay
     * CREATED. Returns when no job runs here any more, or after {@code timeout}.
     */
    boolean drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (runningCount() == 0) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return runningCount() == 0;
    }

    /** Takes work again after a drain (tests; a real process exits after draining). */
    void undrain() {
        draining = false;
    }

    boolean draining() {
        return draining;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        LOG.infof("Shutting down: letting running batches commit (up to %s)", shutdownTimeout);
        if (!drain(shutdownTimeout)) {
            LOG.warn("Shutdown timeout reached with batches still running; they roll back and resume later");
        }
    }

    private int runningCount() {
        synchronized (this) {
            return queues.values().stream()
                    .mapToInt(q -> {
                        synchronized (q) {
                            return q.running;
                        }
                    })
                    .sum();
        }
    }

    /**
     * Queues a job to run here; false when this replica already runs or queues it. The record only shows the job
     * while it waits: the run claims the job and starts from what the claim reads, so a queued copy that another
     * replica has moved on since is never written back.
     */
    public boolean submit(Instance instance, JobRecord job) {
        if (!services.registry().activate(job.id())) {
            return false;
        }
        services.registry().put(job);
        Queue queue = queue(instance);
        synchronized (queue) {
            queue.waiting.add(job);
        }
        startWaiting(instance);
        return true;
    }

    /**
     * Renews the lease of every job this replica runs for {@code instance}, each under its own claim, as long as
     * the job moves: one whose checkpoint has not moved for {@code job-stall-timeout} is left to lapse, so that
     * another replica takes it over (this replica's stuck run is fenced off by that claim).
     */
    Uni<Void> renewLeases(Instance instance) {
        long stallNanos = services.config().jobStallTimeout().toNanos();
        List<Uni<Void>> renewals = new ArrayList<>();
        for (JobRun run : running.values()) {
            JobRecord job = run.job();
            if (!job.instance().equals(instance.name()) || job.fence() == 0) {
                continue;
            }
            long still = System.nanoTime() - run.lastProgressNanos();
            if (still > stallNanos) {
                LOG.warnf(
                        "Job %d has not moved for %d s; its lease is no longer renewed, another replica may take it"
                                + " over",
                        job.id(), still / 1_000_000_000L);
                continue;
            }
            renewals.add(services.store()
                    .renewLease(instance, job)
                    .replaceWithVoid()
                    .onFailure()
                    .invoke(f -> LOG.debugf("Job %d: renewing its lease failed: %s", job.id(), f.getMessage()))
                    .onFailure()
                    .recoverWithNull());
        }
        return renewals.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(renewals).andCollectFailures().replaceWithVoid();
    }

    /** Takes a job that waits in this replica's queue out of it; empty when it is not waiting here. */
    Optional<JobRecord> dequeue(Instance instance, long id) {
        Queue queue = queue(instance);
        synchronized (queue) {
            for (JobRecord waiting : queue.waiting) {
                if (waiting.id() == id) {
                    queue.waiting.remove(waiting);
                    return Optional.of(waiting);
                }
            }
        }
        return Optional.empty();
    }

    private synchronized Queue queue(Instance instance) {
        return queues.computeIfAbsent(instance.name(), n -> new Queue());
    }

    /** Starts waiting jobs while the instance has free slots (none while draining). */
    private void startWaiting(Instance instance) {
        Queue queue = queue(instance);
        while (!draining) {
            JobRecord next;
            synchronized (queue) {
                if (queue.running >= instance.config().maxConcurrentJobs() || queue.waiting.isEmpty()) {
                    return;
                }
                next = queue.waiting.poll();
                queue.running++;
            }
            JobKind kind = kinds.stream()
                    .filter(k -> k.runs(next))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no kind of job runs job " + next.id()));
            JobRun run = new JobRun(instance, next, services, this::draining, kind);
            running.put(next.id(), run);
            run.run().subscribe().with(ended -> done(instance, ended), failure -> {
                LOG.errorf(failure, "Job %d stopped unexpectedly", next.id());
                done(instance, next);
            });
        }
    }

    private void done(Instance instance, JobRecord job) {
        running.remove(job.id());
        Queue queue = queue(instance);
        synchronized (queue) {
            queue.running--;
        }
        ended(instance, job);
        startWaiting(instance);
    }

    /** A job of this replica has ended, whether it ran or was cancelled while waiting. */
    void ended(Instance instance, JobRecord job) {
        services.registry().deactivate(job.id());
        if (job.status().isFinal()) {
            metrics.jobEnded(instance.name(), job.status());
            Infrastructure.getDefaultWorkerPool().execute(() -> StagingCleaner.markEnded(job.stagedFile()));
            callbacks.jobEnded(instance, job);
        }
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "mssql-bulk";
        }
    }

    /**
     * Whether the instance's queue here can take one more job: a resumed job counts against
     * {@code max-queued-jobs} like an uploaded one, so that thousands of unfinished rows in a status table cannot
     * fill this replica's memory; those left out are taken at a later scan.
     */
    boolean hasRoom(Instance instance) {
        Queue queue = queue(instance);
        synchronized (queue) {
            return queue.waiting.size() < instance.config().maxQueuedJobs();
        }
    }

    private static final class Queue {
        private final Deque<JobRecord> waiting = new ArrayDeque<>();
        private int running;
    }
}
