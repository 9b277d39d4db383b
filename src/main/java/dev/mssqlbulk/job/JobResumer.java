package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.write.SqlServerDialect;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the status tables, then keeps looking for jobs to run: this replica's own jobs after a restart, and
 * jobs whose owner has gone silent for longer than the lease. Each resumes from its checkpoint.
 */
@ApplicationScoped
public class JobResumer {

    private static final Logger LOG = Logger.getLogger(JobResumer.class);

    private final Instances instances;
    private final JobStore store;
    private final JobRunner runner;
    private final JobRegistry registry;
    private final BulkConfig config;
    private final Vertx vertx;
    private final Set<String> tablesReady = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    public JobResumer(Instances instances, JobStore store, JobRunner runner, JobRegistry registry, BulkConfig config,
                      Vertx vertx) {
        this.instances = instances;
        this.store = store;
        this.runner = runner;
        this.registry = registry;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        instances.all().forEach(instance -> scan(instance).subscribe().with(v -> { }, f -> { }));
        long period = Math.max(1000, config.jobLease().toMillis() / 2);
        timer = vertx.setPeriodic(period, id -> instances.all()
                .forEach(instance -> scan(instance).subscribe().with(v -> { }, f -> { })));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Whether the status tables of this instance exist (created at start, or as soon as the database answers). */
    public boolean ready(Instance instance) {
        return tablesReady.contains(instance.name());
    }

    Uni<Void> scan(Instance instance) {
        return ensureTables(instance)
                .flatMap(v -> store.touch(instance, runner.nodeId(), Instant.now()))
                .flatMap(v -> store.unfinished(instance))
                .invoke(jobs -> jobs.forEach(job -> consider(instance, job)))
                .replaceWithVoid()
                .onFailure().invoke(f -> LOG.warnf("Instance '%s': cannot look for jobs to resume yet: %s",
                        instance.name(), SqlServerDialect.describe(f)));
    }

    public Uni<Void> ensureTables(Instance instance) {
        if (tablesReady.contains(instance.name())) {
            return Uni.createFrom().voidItem();
        }
        return store.ensureTables(instance).invoke(() -> tablesReady.add(instance.name()));
    }

    private void consider(Instance instance, JobRecord job) {
        if (registry.isActive(job.id())) {
            return;
        }
        Instant staleBefore = Instant.now().minus(config.jobLease());
        boolean mine = runner.nodeId().equals(job.owner());
        boolean abandoned = job.owner() == null || job.heartbeat() == null || job.heartbeat().isBefore(staleBefore);
        if (!mine && !abandoned || !runner.hasRoom(instance)) {
            return;
        }
        if (!job.options().readsStagedUpload() || Files.isReadable(job.stagedFile())) {
            LOG.infof("Job %d: resuming after row %d", job.id(), job.checkpointRow());
            runner.submit(instance, job);
        } else {
            failUnreachable(instance, job);
        }
    }

    private void failUnreachable(Instance instance, JobRecord job) {
        Instant now = Instant.now();
        store.claim(instance, job.id(), runner.nodeId(), now, now.minus(config.jobLease()))
                .flatMap(claimed -> {
                    if (!claimed) {
                        return Uni.createFrom().voidItem();
                    }
                    JobRecord ended = job.finished(JobStatus.ERROR, "the staged upload is not reachable from this "
                            + "replica; stage uploads on a shared volume to let any replica resume a job, or upload "
                            + "the file again", now);
                    registry.put(ended);
                    return store.update(instance, ended);
                })
                .subscribe().with(v -> { }, f -> LOG.warnf("Job %d: %s", job.id(), f.getMessage()));
    }
}
