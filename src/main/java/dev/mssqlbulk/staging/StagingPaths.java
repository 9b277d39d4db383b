package dev.mssqlbulk.staging;

import dev.mssqlbulk.instance.BulkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a job's files live, derived from what the service itself controls: the staging root, the instance's
 * configured name, the job id (a number) and the job's kind and format (an enum):
 * {@code <root>/<instance>/<id>.<csv|json|jsonl>} for uploads, {@code <root>/<instance>/<id>.result.jsonl} for
 * download results. The {@code staged_file} column of the status table is never used to find a file: whoever can
 * write a tenant's database could otherwise make the service read {@code /etc/passwd}, a mounted secret or another
 * tenant's upload and serve it as a result file. One directory per instance lets the instance's quota be counted.
 *
 * <p>The column is still written (it is {@code NOT NULL}, and replicas of earlier versions read it); files that
 * earlier versions staged in the root itself are still found there.
 */
@ApplicationScoped
public class StagingPaths {

    /** Where the HTTP layer writes multipart uploads while they arrive (quarkus.http.body.uploads-directory). */
    public static final String INCOMING = "incoming";

    private final Path root;

    @Inject
    public StagingPaths(BulkConfig config) {
        this(config.stagingDirectory());
    }

    public StagingPaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The staging root, absolute and normalized. */
    public Path root() {
        return root;
    }

    /** The directory of one instance's files. */
    public Path instanceDirectory(String instance) {
        return inside(root, directoryName(instance));
    }

    /**
     * The file {@code fileName} of an instance: a job's staged upload or a download's result, named by the job
     * ({@code <id>.csv}, {@code <id>.result.jsonl}). Files that earlier versions staged in the root are still found
     * there.
     */
    public Path of(String instance, String fileName) {
        Path path = inside(instanceDirectory(instance), fileName);
        Path earlier = inside(root, fileName);
        return !Files.exists(path) && Files.exists(earlier) ? earlier : path;
    }

    /**
     * An instance's configured name as a directory name; a name that is not a plain file name (or could be taken
     * for the incoming directory) is replaced by a hex form of itself.
     */
    static String directoryName(String instance) {
        String lower = instance.toLowerCase(Locale.ROOT);
        if (lower.matches("[a-z0-9][a-z0-9_-]{0,63}") && !lower.equals(INCOMING)) {
            return lower;
        }
        return "x-" + HexFormat.of().formatHex(instance.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Path inside(Path directory, String name) {
        Path path = directory.resolve(name).normalize();
        if (!directory.equals(path.getParent())) { // cannot happen with the names above; checked all the same
            throw new IllegalStateException("a staged file name left its directory");
        }
        return path;
    }
}
