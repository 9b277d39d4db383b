package dev.mssqlbulk.job;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.staging.ActiveJobs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers job status from memory for the jobs this replica runs or has seen end, and from the status tables for
 * the rest (jobs of other replicas, from before a restart, or ended and evicted here).
 *
 * <p>Memory stays bounded: jobs this replica queues or runs are held until they end (their number is bounded by
 * {@code max-queued-jobs} and {@code max-concurrent-jobs}); ended jobs go to a cache bounded in size
 * ({@code registry.ended-jobs}, least recently used first out) and time ({@code registry.ended-ttl}). An evicted
 * job is read from the status table again when asked for; its record there is final.
 */
@ApplicationScoped
public class JobRegistry implements ActiveJobs {

    private final Map<Long, JobRecord> jobs = new ConcurrentHashMap<>();
    private final Cache<Long, JobRecord> ended;
    private final Map<Long, Boolean> active = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> cancelRequests = new ConcurrentHashMap<>();
    private final JobStore store;

    @Inject
    public JobRegistry(JobStore store, BulkConfig config) {
        this(store, config.registry().endedJobs(), config.registry().endedTtl());
    }

    JobRegistry(JobStore store, long endedJobs, Duration endedTtl) {
        this.store = store;
        this.ended = Caffeine.newBuilder()
                .maximumSize(Math.max(0, endedJobs))
                .expireAfterAccess(endedTtl)
                .executor(Runnable::run) // evict on the calling thread: no background task, size checked at once
                .build();
    }

    public void put(JobRecord job) {
        if (active.containsKey(job.id()) || !job.status().isFinal()) {
            jobs.put(job.id(), job);
        } else {
            jobs.remove(job.id());
            ended.put(job.id(), job);
        }
    }

    /** The job, only if it belongs to this instance: another instance's token never sees it. */
    public Uni<Optional<JobRecord>> find(Instance instance, long id) {
        JobRecord known = live(id).orElse(null);
        if (known != null && known.instance().equals(instance.name()) && isCurrent(known)) {
            return Uni.createFrom().item(Optional.of(known));
        }
        return store.find(instance, id)
                .invoke(found -> found.filter(j -> j.status().isFinal()).ifPresent(this::put));
    }

    /** The in-memory state of a job, if this replica knows it. */
    public Optional<JobRecord> live(long id) {
        JobRecord job = jobs.get(id);
        return Optional.ofNullable(job != null ? job : ended.getIfPresent(id));
    }

    /** Memory is authoritative for jobs this replica runs and for ended jobs; others may move elsewhere. */
    private boolean isCurrent(JobRecord job) {
        return job.status().isFinal() || active.containsKey(job.id());
    }

    /** Marks a job as run by this replica; false when it already is. */
    boolean activate(long id) {
        return active.putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** The job no longer runs here: an ended one moves to the bounded cache, an unfinished one is forgotten. */
    void deactivate(long id) {
        active.remove(id);
        cancelRequests.remove(id);
        JobRecord job = jobs.remove(id);
        if (job != null && job.status().isFinal()) {
            ended.put(id, job);
        }
    }

    /** How many jobs this replica queues or runs that are in {@code status}. */
    long activeCount(JobStatus status) {
        return active.keySet().stream()
                .map(jobs::get)
                .filter(j -> j != null && j.status() == status)
                .count();
    }

    /** Job records held in memory, running and ended (for tests and metrics). */
    long size() {
        ended.cleanUp();
        return jobs.size() + ended.estimatedSize();
    }

    public boolean isActive(long id) {
        return active.containsKey(id);
    }

    public void requestCancel(long id) {
        cancelRequests.put(id, Boolean.TRUE);
    }

    boolean cancelRequested(long id) {
        return cancelRequests.containsKey(id);
    }
}
