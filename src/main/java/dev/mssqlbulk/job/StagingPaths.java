package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;

/**
 * Where a job's files live, derived from what the service itself controls: the staging root, the job id (a
 * number) and the job's kind and format (an enum). The {@code staged_file} column of the status table is never
 * used to find a file: whoever can write a tenant's database could otherwise make the service read
 * {@code /etc/passwd}, a mounted secret or another tenant's upload and serve it as a result file.
 *
 * <p>The column is still written (it is {@code NOT NULL}, and replicas of earlier versions read it).
 */
@ApplicationScoped
public class StagingPaths {

    private final Path root;

    @Inject
    public StagingPaths(BulkConfig config) {
        this(config.stagingDirectory());
    }

    StagingPaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The staging root, absolute and normalized. */
    public Path root() {
        return root;
    }

    /** The staged upload of an upload job, or the result file of a download job. */
    public Path of(long jobId, JobOptions options) {
        String name = options.readsStagedUpload()
                ? jobId + "." + options.format().extension()
                : jobId + ".result.jsonl";
        return inside(name);
    }

    /** The record as read from the status table, with its staged path derived here instead of stored there. */
    public JobRecord derive(JobRecord stored) {
        Path derived = of(stored.id(), stored.options());
        if (derived.equals(stored.stagedFile())) {
            return stored;
        }
        return new JobRecord(stored.id(), stored.instance(), stored.objectName(), stored.action(), stored.path(),
                stored.status(), stored.recordsCount(), stored.succeeded(), stored.failed(), stored.unprocessed(),
                stored.checkpointRow(), stored.createdDate(), stored.startedDate(), stored.completedDate(),
                stored.statusMessage(), stored.options(), stored.header(), derived, stored.callbackUrl(),
                stored.idempotencyKey(), stored.owner(), stored.heartbeat(), stored.callbackStatus());
    }

    private Path inside(String name) {
        Path path = root.resolve(name).normalize();
        if (!path.getParent().equals(root)) { // cannot happen with a number and an enum; checked all the same
            throw new IllegalStateException("a staged file name left the staging directory");
        }
        return path;
    }
}
