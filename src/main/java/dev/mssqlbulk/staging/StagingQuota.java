package dev.mssqlbulk.staging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;

/**
 * Bounds what uploads may put on the staging disk: per instance, the staged files it holds (one per job, kept for
 * the results retention) and their bytes ({@code max-staged-jobs}, {@code max-staged-bytes}); for everyone, a
 * free-space floor ({@code staging-free-space-floor}). {@link #check} answers before an upload's body is read
 * (the HTTP layer's upload guard, from the declared {@code Content-Length}) and again once it is on disk (with
 * its real size).
 *
 * <p>An instance's usage is its staging directory listed (one stat per file: the quota bounds their number), or,
 * with object storage, its objects listed (one request per thousand), remembered for two seconds so that a burst of
 * uploads does not list it each time. A listing is a request, so on an event loop (the upload guard) only a
 * remembered usage counts and a fresh one is fetched on a worker; the check on the stored upload lists for sure.
 * Free space is the local file system's usable space, asked each time (one {@code statvfs}): the HTTP layer writes
 * arriving bodies there whatever the store.
 */
@ApplicationScoped
public class StagingQuota {

    private static final int FLOOR_RETRY_SECONDS = 60;
    private static final int QUOTA_RETRY_SECONDS = 300;
    private static final int STORE_RETRY_SECONDS = 10;

    private final BulkConfig config;
    private final StagingPaths staging;
    private final StagingStore store;
    private final boolean objectStorage;
    private final Cache<String, Usage> usage = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(2))
            .maximumSize(10_000)
            .build();

    public StagingQuota(BulkConfig config, StagingPaths staging, StagingStore store, StagingConfig stagingConfig) {
        this.config = config;
        this.objectStorage = stagingConfig.type() != StagingConfig.Type.DIRECTORY;
        this.staging = staging;
        this.store = store;
    }

    /** Files and bytes an instance holds in staging. */
    public record Usage(int files, long bytes) {}

    /** Why an upload cannot be stored now, with the status to answer and when to retry. */
    public record Refusal(int status, String message, int retryAfterSeconds) {}

    /**
     * Whether {@code incomingBytes} more may be staged for {@code instance}; blocking file-system calls, each cheap.
     */
    public Optional<Refusal> check(Instance instance, long incomingBytes) {
        BulkConfig.InstanceConfig limits = instance.config();
        Usage used;
        try {
            used = usage(instance.name());
        } catch (StoreUnavailable e) {
            return Optional.of(new Refusal(503, "the staging store is unavailable; retry later", STORE_RETRY_SECONDS));
        }
        if (used.files() >= limits.maxStagedJobs()) {
            return Optional.of(new Refusal(
                    507,
                    "instance '" + instance.name() + "' keeps " + used.files()
                            + " staged files, its limit (max-staged-jobs); retry when older results have expired",
                    QUOTA_RETRY_SECONDS));
        }
        if (used.bytes() + Math.max(0, incomingBytes) > limits.maxStagedBytes().asLongValue()) {
            return Optional.of(new Refusal(
                    507,
                    "instance '" + instance.name() + "' would keep more than "
                            + limits.maxStagedBytes().asLongValue()
                            + " staged bytes (max-staged-bytes); retry when older "
                            + "results have expired",
                    QUOTA_RETRY_SECONDS));
        }
        if (freeSpace() - Math.max(0, incomingBytes)
                < config.stagingFreeSpaceFloor().asLongValue()) {
            return Optional.of(
                    new Refusal(507, "the service's staging disk is nearly full; retry later", FLOOR_RETRY_SECONDS));
        }
        return Optional.empty();
    }

    /** Forgets the remembered usage (after a file was staged or deleted). */
    public void changed(String instance) {
        usage.invalidate(instance);
    }

    Usage usage(String instance) {
        if (!objectStorage) {
            return usage.get(instance, name -> measure(staging.instanceDirectory(name)));
        }
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            Usage known = usage.getIfPresent(instance);
            if (known == null) {
                Infrastructure.getDefaultWorkerPool().execute(() -> {
                    try {
                        usage(instance);
                    } catch (RuntimeException e) {
                        // counted again by the check on the stored upload
                    }
                });
                return new Usage(0, 0);
            }
            return known;
        }
        return usage.get(instance, this::listed);
    }

    /** An instance's objects in the store, counted from a listing. */
    private Usage listed(String instance) {
        try {
            int files = 0;
            long bytes = 0;
            for (StagedObject object : store.list(StagingPaths.directoryName(instance) + "/")) {
                files++;
                bytes += object.size();
            }
            return new Usage(files, bytes);
        } catch (StagingUnavailableException e) {
            throw new StoreUnavailable(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the staging store", e);
        }
    }

    /** The store did not answer a listing: the upload is refused for now (503), not failed. */
    private static final class StoreUnavailable extends RuntimeException {
        StoreUnavailable(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private long freeSpace() {
        try {
            Path root = staging.root();
            Files.createDirectories(root);
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staging directory's free space", e);
        }
    }

    private static Usage measure(Path directory) {
        if (!Files.isDirectory(directory)) {
            return new Usage(0, 0);
        }
        int files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    files++;
                    bytes += attributes.size();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the staging directory", e);
        }
        return new Usage(files, bytes);
    }
}
