package dev.mssqlbulk.job;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs jobs, at most {@code max-concurrent-jobs} at once per instance; the others wait in CREATED, in order.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobServices services;
    private final Map<String, Queue> queues = new HashMap<>();

    private final JobCallbacks callbacks;

    public JobRunner(Catalog catalog, JobStore store, JobRegistry registry, JobCallbacks callbacks, JobMetrics metrics,
                     BulkConfig config) {
        this.callbacks = callbacks;
        this.services = new JobServices(catalog, store, registry, metrics, config,
                config.nodeId().orElseGet(JobRunner::hostName));
    }

    public String nodeId() {
        return services.nodeId();
    }

    /** Queues a job to run here; false when this replica already runs or queues it. */
    public boolean submit(Instance instance, JobRecord job) {
        if (!services.registry().activate(job.id())) {
            return false;
        }
        services.registry().put(job);
        queue(instance).waiting.add(job);
        drain(instance);
        return true;
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

    private void drain(Instance instance) {
        Queue queue = queue(instance);
        while (true) {
            JobRecord next;
            synchronized (queue) {
                if (queue.running >= instance.config().maxConcurrentJobs() || queue.waiting.isEmpty()) {
                    return;
                }
                next = queue.waiting.poll();
                queue.running++;
            }
            new JobExecution(instance, next, services, Infrastructure.getDefaultWorkerPool()).run()
                    .subscribe().with(
                            ended -> done(instance, ended),
                            failure -> {
                                LOG.errorf(failure, "Job %d stopped unexpectedly", next.id());
                                done(instance, next);
                            });
        }
    }

    private void done(Instance instance, JobRecord job) {
        Queue queue = queue(instance);
        synchronized (queue) {
            queue.running--;
        }
        ended(instance, job);
        drain(instance);
    }

    /** A job of this replica has ended, whether it ran or was cancelled while waiting. */
    void ended(Instance instance, JobRecord job) {
        services.registry().deactivate(job.id());
        if (job.status().isFinal()) {
            services.metrics().jobEnded(instance.name(), job.status());
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

    private static final class Queue {
        private final Deque<JobRecord> waiting = new ArrayDeque<>();
        private int running;
    }
}
