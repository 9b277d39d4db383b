package dev.mssqlbulk.staging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
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
 * <p>An instance's usage is its staging directory listed (one stat per file: the quota bounds their number),
 * remembered for two seconds so that a burst of uploads does not list it each time. Free space is the file
 * system's usable space, asked each time (one {@code statvfs}).
 */
@ApplicationScoped
public class StagingQuota {

    private static final int FLOOR_RETRY_SECONDS = 60;
    private static final int QUOTA_RETRY_SECONDS = 300;

    private final BulkConfig config;
    private final StagingPaths staging;
    private final Cache<String, Usage> usage = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(2))
            .maximumSize(10_000).build();

    public StagingQuota(BulkConfig config, StagingPaths staging) {
        this.config = config;
        this.staging = staging;
    }

    /** Files and bytes an instance holds in staging. */
    public record Usage(int files, long bytes) {
    }

    /** Why an upload cannot be stored now, with the status to answer and when to retry. */
    public record Refusal(int status, String message, int retryAfterSeconds) {
    }

    /**
     * Whether {@code incomingBytes} more may be staged for {@code instance}; blocking file-system calls, each cheap.
     */
    public Optional<Refusal> check(Instance instance, long incomingBytes) {
        BulkConfig.InstanceConfig limits = instance.config();
        Usage used = usage(instance.name());
        if (used.files() >= limits.maxStagedJobs()) {
            return Optional.of(new Refusal(507, "instance '" + instance.name() + "' keeps " + used.files()
                    + " staged files, its limit (max-staged-jobs); retry when older results have expired",
                    QUOTA_RETRY_SECONDS));
        }
        if (used.bytes() + Math.max(0, incomingBytes) > limits.maxStagedBytes().asLongValue()) {
            return Optional.of(new Refusal(507, "instance '" + instance.name() + "' would keep more than "
                    + limits.maxStagedBytes().asLongValue() + " staged bytes (max-staged-bytes); retry when older "
                    + "results have expired", QUOTA_RETRY_SECONDS));
        }
        if (freeSpace() - Math.max(0, incomingBytes) < config.stagingFreeSpaceFloor().asLongValue()) {
            return Optional.of(new Refusal(507, "the service's staging disk is nearly full; retry later",
                    FLOOR_RETRY_SECONDS));
        }
        return Optional.empty();
    }

    /** Forgets the remembered usage (after a file was staged or deleted). */
    public void changed(String instance) {
        usage.invalidate(instance);
    }

    Usage usage(String instance) {
        return usage.get(instance, name -> measure(staging.instanceDirectory(name)));
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
