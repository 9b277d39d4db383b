package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.instance.ServerIdentification;
import dev.mssqlbulk.sqlserver.ServerFailures;
import dev.mssqlbulk.staging.StagedFiles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Creates the status tables, then keeps looking for jobs to run: this replica's own jobs after a restart, and
 * jobs whose owner has gone silent for longer than the lease. Each resumes from its checkpoint.
 */
@ApplicationScoped
public class JobResumer {

    private static final Logger LOG = Logger.getLogger(JobResumer.class);

    private final Instances instances;
    private final JobStore store;
    private final StatusTables tables;
    private final JobRunner runner;
    private final JobRegistry registry;
    private final BulkConfig config;
    private final Vertx vertx;
    private final StagedFiles staged;
    private final Set<String> tablesReady = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    public JobResumer(
            Instances instances,
            JobStore store,
            StatusTables tables,
            JobRunner runner,
            JobRegistry registry,
            BulkConfig config,
            Vertx vertx,
            StagedFiles staged) {
        this.instances = instances;
        this.store = store;
        this.tables = tables;
        this.runner = runner;
        this.registry = registry;
        this.config = config;
        this.vertx = vertx;
        this.staged = staged;
    }

    void onStart(@Observes StartupEvent event) {
        instances.all().forEach(instance -> scan(instance).subscribe().with(v -> {}, f -> {}));
        long period = Math.max(1000, config.jobLease().toMillis() / 2);
        timer = vertx.setPeriodic(
                period,
                id -> instances
                        .all()
                        .forEach(instance -> scan(instance).subscribe().with(v -> {}, f -> {})));
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
        return ServerIdentification.identify(instance)
                .flatMap(v -> ensureTables(instance))
                .flatMap(v -> runner.renewLeases(instance))
                .flatMap(v -> store.claimable(instance, runner.nodeId(), config.jobLease()))
                .flatMap(jobs -> Uni.createFrom()
                        .item(() -> stagedUploads(jobs))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .invoke(found -> jobs.forEach(job -> consider(instance, job, found))))
                .replaceWithVoid()
                .onFailure()
                .invoke(f -> LOG.warnf(
                        "Instance '%s': cannot look for jobs to resume yet: %s",
                        instance.name(), ServerFailures.describe(f)));
    }

    public Uni<Void> ensureTables(Instance instance) {
        if (tablesReady.contains(instance.name())) {
            return Uni.createFrom().voidItem();
        }
        return tables.ensure(instance).invoke(() -> tablesReady.add(instance.name()));
    }

    /**
     * Whether each claimable upload's staged file is in the store (a request each, with object storage: on a
     * worker). A job whose store did not answer is left out: it is looked at again at the next scan, not failed.
     */
    private Map<Long, Boolean> stagedUploads(List<JobRecord> jobs) {
        Map<Long, Boolean> found = new HashMap<>();
        for (JobRecord job : jobs) {
            if (!job.options().readsStagedUpload() || registry.isActive(job.id())) {
                continue;
            }
            try {
                found.put(job.id(), staged.exists(job.stagedFile()));
            } catch (IOException e) {
                LOG.warnf("Job %d: cannot tell whether its staged upload is stored: %s", job.id(), e.getMessage());
            }
        }
        return found;
    }

    /** A job this replica could claim: queued to run here (the run claims it), or ended if its upload is gone. */
    private void consider(Instance instance, JobRecord job, Map<Long, Boolean> stagedUploads) {
        if (registry.isActive(job.id())) {
            return;
        }
        if (!runner.hasRoom(instance)) {
            return;
        }
        Boolean uploadStored = stagedUploads.get(job.id());
        if (job.options().readsStagedUpload() && uploadStored == null) {
            return;
        }
        if (!job.options().readsStagedUpload() || uploadStored) {
            LOG.infof("Job %d: resuming after row %d", job.id(), job.checkpointRow());
            runner.submit(instance, job);
        } else {
            failUnreachable(instance, job);
        }
    }

    private void failUnreachable(Instance instance, JobRecord job) {
        store.claim(instance, job.id(), runner.nodeId(), config.jobLease())
                .flatMap(claim -> {
                    if (claim.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    JobRecord ended = claim.get()
                            .job()
                            .finished(
                                    JobStatus.ERROR,
                                    "the staged upload is not reachable "
                                            + "from this replica; stage uploads on a shared volume or in object storage "
                                            + "(mssql-bulk.staging.type=s3) to let any replica resume a job, or upload the file again",
                                    Instant.now());
                    return store.update(instance, ended).invoke(() -> registry.put(ended));
                })
                .subscribe()
                .with(v -> {}, f -> LOG.warnf("Job %d: %s", job.id(), f.getMessage()));
    }
}
