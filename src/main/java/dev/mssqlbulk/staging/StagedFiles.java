package dev.mssqlbulk.staging;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A job's staged file in the configured {@link StagingStore}. Jobs keep naming their staged upload or result file by
 * the path {@link StagingPaths} derives (instance directory and job id under the staging root, never read from the
 * database); that path's place under the root is the object's key in any store: {@code <instance-dir>/<id>.csv}.
 * With the directory store the key is the very file, as before; with object storage no shared disk is involved.
 */
@ApplicationScoped
public class StagedFiles {

    private final StagingStore store;
    private final StagingPaths paths;
    private final boolean objectStorage;

    public StagedFiles(StagingStore store, StagingPaths paths, StagingConfig config) {
        this.store = store;
        this.objectStorage = config.type() != StagingConfig.Type.DIRECTORY;
        this.paths = paths;
    }

    /** The store's key of a staged file: its path relative to the staging root, {@code /}-separated. */
    public String key(Path stagedFile) {
        Path relative = paths.root().relativize(stagedFile.toAbsolutePath().normalize());
        if (relative.startsWith("..") || relative.toString().isEmpty()) {
            throw new IllegalArgumentException("a staged file outside the staging root");
        }
        List<String> segments = new java.util.ArrayList<>();
        relative.forEach(segment -> segments.add(segment.toString()));
        return StagingKeys.of(segments.toArray(String[]::new));
    }

    /** The key of an instance's directory as a listing prefix: {@code <instance-dir>/}. */
    public String instancePrefix(String instance) {
        return StagingKeys.of(StagingPaths.directoryName(instance)) + "/";
    }

    /** Whether the files live in object storage rather than on a directory of this replica (or a shared one). */
    public boolean inObjectStorage() {
        return objectStorage;
    }

    public StagingStore store() {
        return store;
    }

    /** Stores an upload complete on local disk (the HTTP layer's file, consumed) as the job's staged file. */
    public void put(Path stagedFile, Path localFile) throws IOException {
        store.put(key(stagedFile), localFile);
    }

    /** The staged file's bytes from {@code offset}. */
    public InputStream open(Path stagedFile, long offset) throws IOException {
        return store.open(key(stagedFile), offset);
    }

    /** A result file being written; nothing is visible until it is committed. */
    public StagingOutput create(Path stagedFile) throws IOException {
        return store.create(key(stagedFile));
    }

    public boolean exists(Path stagedFile) throws IOException {
        return store.exists(key(stagedFile));
    }

    public long size(Path stagedFile) throws IOException {
        return store.size(key(stagedFile));
    }

    public void delete(Path stagedFile) throws IOException {
        store.delete(key(stagedFile));
    }
}
