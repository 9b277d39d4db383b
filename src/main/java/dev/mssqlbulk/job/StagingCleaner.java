package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Deletes staged uploads once their job has ended and the results retention has passed. A file's modification
 * time is set when its job ends, so the retention counts from then; files of jobs this replica runs are kept.
 */
@ApplicationScoped
public class StagingCleaner {

    private static final Logger LOG = Logger.getLogger(StagingCleaner.class);
    private static final long PERIOD_MILLIS = 3_600_000;

    private final BulkConfig config;
    private final JobRegistry registry;
    private final Vertx vertx;
    private long timer = -1;

    public StagingCleaner(BulkConfig config, JobRegistry registry, Vertx vertx) {
        this.config = config;
        this.registry = registry;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(PERIOD_MILLIS, id ->
                Infrastructure.getDefaultWorkerPool().execute(() -> deleteExpired(Instant.now())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Starts the retention of an ended job's upload. */
    static void markEnded(Path stagedFile) {
        try {
            Files.setLastModifiedTime(stagedFile, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debugf("cannot mark %s as ended: %s", stagedFile, e.getMessage());
        }
    }

    /** Deletes the staged uploads whose retention has passed by {@code now}; returns how many. Blocking I/O. */
    public int deleteExpired(Instant now) {
        Path directory = config.stagingDirectory();
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        Instant cutoff = now.minus(config.resultsRetention());
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.{csv,json,jsonl}")) {
            for (Path file : files) {
                if (!isActive(file) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean the staging directory %s: %s", directory, e.getMessage());
        }
        return deleted;
    }

    private boolean isActive(Path file) {
        String name = file.getFileName().toString();
        try {
            return registry.isActive(Long.parseLong(name.substring(0, name.indexOf('.'))));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
