package dev.mssqlbulk.staging;

import dev.mssqlbulk.instance.BulkConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes staged uploads once their job has ended and the results retention has passed. A file's modification
 * time is set when its job ends, so the retention counts from then; files of jobs this replica runs are kept.
 * At start it also deletes partial uploads that a crash left in {@code incoming/} (the HTTP layer's upload
 * directory): those not written for an hour, so that uploads other replicas are receiving on a shared volume stay.
 *
 * <p>With object storage the store's objects are listed instead: an object's last modification is when it was
 * stored (an object cannot be touched), so the retention counts from the upload, or from the result's completion;
 * the jobs this replica runs are kept all the same. Writes abandoned by a process that died (multipart uploads never
 * completed, which a bucket keeps and bills invisibly) are discarded once an hour old, at start and then hourly.
 */
@ApplicationScoped
public class StagingCleaner {

    private static final Logger LOG = Logger.getLogger(StagingCleaner.class);
    private static final long PERIOD_MILLIS = 3_600_000;

    private final BulkConfig config;
    private final ActiveJobs registry;
    private final StagingStore store;
    private final boolean objectStorage;
    private final Vertx vertx;
    private long timer = -1;

    public StagingCleaner(
            BulkConfig config, ActiveJobs registry, Vertx vertx, StagingStore store, StagingConfig staging) {
        this.config = config;
        this.objectStorage = staging.type() != StagingConfig.Type.DIRECTORY;
        this.store = store;
        this.registry = registry;
        this.vertx = vertx;
    }

    static final Duration INCOMING_ABANDONED_AFTER = Duration.ofHours(1);
    /** What the service stages: {@code <id>.csv|json|jsonl}, {@code <id>.result.jsonl}. */
    private static final java.util.regex.Pattern STAGED_NAME =
            java.util.regex.Pattern.compile("[0-9]+\\.(csv|json|jsonl|result\\.jsonl)");

    void onStart(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            deleteAbandonedIncoming(Instant.now());
            discardAbandonedWrites(Instant.now());
        });
        timer = vertx.setPeriodic(
                PERIOD_MILLIS,
                id -> Infrastructure.getDefaultWorkerPool().execute(() -> {
                    deleteExpired(Instant.now());
                    discardAbandonedWrites(Instant.now());
                }));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Starts the retention of an ended job's upload. */
    public static void markEnded(Path stagedFile) {
        try {
            Files.setLastModifiedTime(stagedFile, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debugf("cannot mark %s as ended: %s", stagedFile, e.getMessage());
        }
    }

    /** Deletes the staged uploads whose retention has passed by {@code now}; returns how many. Blocking I/O. */
    public int deleteExpired(Instant now) {
        if (objectStorage) {
            return deleteExpiredObjects(now.minus(config.resultsRetention()));
        }
        Path root = config.stagingDirectory();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant cutoff = now.minus(config.resultsRetention());
        int deleted = deleteExpired(root, cutoff); // files staged by earlier versions, in the root itself
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path directory : directories) {
                if (!directory.getFileName().toString().equals(StagingPaths.INCOMING)) {
                    deleted += deleteExpired(directory, cutoff);
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean the staging directory: %s", e.getMessage());
        }
        return deleted;
    }

    private int deleteExpired(Path directory, Instant cutoff) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.{csv,json,jsonl}")) {
            for (Path file : files) {
                if (!isActive(file)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean the staging directory %s: %s", directory.getFileName(), e.getMessage());
        }
        return deleted;
    }

    /** The objects of ended jobs stored before {@code cutoff}, deleted; returns how many. */
    private int deleteExpiredObjects(Instant cutoff) {
        int deleted = 0;
        try {
            for (StagedObject object : store.list("")) {
                String name = object.key().substring(object.key().lastIndexOf('/') + 1);
                if (STAGED_NAME.matcher(name).matches()
                        && !isActive(name)
                        && object.lastModified().isBefore(cutoff)) {
                    store.delete(object.key());
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean the staging store %s: %s", store.describe(), e.getMessage());
        }
        return deleted;
    }

    /** Discards writes begun over {@link #INCOMING_ABANDONED_AFTER} ago and never finished; returns how many. */
    public int discardAbandonedWrites(Instant now) {
        try {
            int discarded = store.discardAbandonedWrites(now.minus(INCOMING_ABANDONED_AFTER));
            if (discarded > 0) {
                LOG.infof("Discarded %d unfinished writes to the staging store", discarded);
            }
            return discarded;
        } catch (IOException e) {
            LOG.warnf("Cannot discard unfinished writes to the staging store: %s", e.getMessage());
            return 0;
        }
    }

    /** Deletes partial uploads in {@code incoming/} not written since {@link #INCOMING_ABANDONED_AFTER}. */
    public int deleteAbandonedIncoming(Instant now) {
        Path incoming = config.stagingDirectory().resolve(StagingPaths.INCOMING);
        if (!Files.isDirectory(incoming)) {
            return 0;
        }
        Instant cutoff = now.minus(INCOMING_ABANDONED_AFTER);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming, Files::isRegularFile)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean the incoming uploads: %s", e.getMessage());
        }
        if (deleted > 0) {
            LOG.infof("Deleted %d partial uploads left by an earlier run", deleted);
        }
        return deleted;
    }

    private boolean isActive(Path file) {
        return isActive(file.getFileName().toString());
    }

    private boolean isActive(String name) {
        try {
            return registry.isActive(Long.parseLong(name.substring(0, name.indexOf('.'))));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
