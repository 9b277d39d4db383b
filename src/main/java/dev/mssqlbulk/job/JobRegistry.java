package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers job status from memory for the jobs this replica runs or has seen end, and from the status tables for
 * the rest (jobs of other replicas, or from before a restart).
 */
@ApplicationScoped
public class JobRegistry {

    private final Map<Long, JobRecord> jobs = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> active = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> cancelRequests = new ConcurrentHashMap<>();
    private final JobStore store;

    public JobRegistry(JobStore store) {
        this.store = store;
    }

    public void put(JobRecord job) {
        jobs.put(job.id(), job);
    }

    /** The job, only if it belongs to this instance: another instance's token never sees it. */
    public Uni<Optional<JobRecord>> find(Instance instance, long id) {
        JobRecord known = jobs.get(id);
        if (known != null && known.instance().equals(instance.name()) && isCurrent(known)) {
            return Uni.createFrom().item(Optional.of(known));
        }
        return store.find(instance, id).invoke(found -> found.filter(j -> j.status().isFinal()).ifPresent(this::put));
    }

    /** The in-memory state of a job, if this replica knows it. */
    public Optional<JobRecord> live(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Memory is authoritative for jobs this replica runs and for ended jobs; others may move elsewhere. */
    private boolean isCurrent(JobRecord job) {
        return job.status().isFinal() || active.containsKey(job.id());
    }

    /** Marks a job as run by this replica; false when it already is. */
    boolean activate(long id) {
        return active.putIfAbsent(id, Boolean.TRUE) == null;
    }

    void deactivate(long id) {
        active.remove(id);
        cancelRequests.remove(id);
    }

    /** How many jobs this replica queues or runs that are in {@code status}. */
    long activeCount(JobStatus status) {
        return active.keySet().stream().map(jobs::get).filter(j -> j != null && j.status() == status).count();
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
