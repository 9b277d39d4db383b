package dev.mssqlbulk.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The staged objects of jobs: uploads waiting for (or being read by) their job, and result files. Objects are named
 * by a relative key such as {@code <instance-dir>/<jobId>.csv} ({@link StagingKeys}), which the service derives from
 * what it controls (instance name, job id, format), never from a value read from the database.
 *
 * <p>Objects are written whole or not at all: {@link #put} and a committed {@link #create} make an object appear
 * at once, and a failed or abandoned write leaves no object under the key. Reads are streams from a byte offset, so a
 * resumed job can skip what it already loaded instead of reading the object again.
 *
 * <p>Failures: {@link StagedObjectNotFoundException} when the key holds no object (it is a
 * {@link java.nio.file.NoSuchFileException}, as for files); {@link StagingUnavailableException} when the store
 * could not be reached, refused, or did not answer in time (transient: answer 503, or retry the job from its
 * checkpoint); any other {@link IOException} is a lasting problem (access denied, missing bucket, full disk).
 */
public interface StagingStore {

    /**
     * Stores a file that is already complete on local disk (an upload the HTTP layer wrote) under the key, replacing
     * any object there. The local file is consumed: moved (directory) or deleted after the upload (object storage);
     * after a failure it is left for the caller to delete.
     */
    void put(String key, Path localFile) throws IOException;

    /**
     * An output stream for an object written piece by piece (a result file). Nothing is visible under the key until
     * {@link StagingOutput#commit()}; closing without commit, or a failed write, discards what was written.
     */
    StagingOutput create(String key) throws IOException;

    /**
     * The object's bytes from {@code offset} (0 for all; the object's size gives an empty stream). A connection lost
     * or stalled while reading ends the stream with {@link StagingUnavailableException}, never with a silent early
     * end of stream.
     */
    InputStream open(String key, long offset) throws IOException;

    /** The object's size in bytes. */
    long size(String key) throws IOException;

    /** Whether an object is stored under the key. */
    boolean exists(String key) throws IOException;

    /** Deletes the object if there is one; deleting a missing object is no error. */
    void delete(String key) throws IOException;

    /**
     * The objects whose keys start with {@code prefix} ({@code ""} for all, {@code "<instance-dir>/"} for one
     * instance), with size and last modification, for retention cleaning and quotas. Writes not yet committed are not
     * listed.
     */
    List<StagedObject> list(String prefix) throws IOException;

    /**
     * Discards writes begun before {@code before} that were never committed nor aborted (their process died):
     * temporary files of the directory store, incomplete multipart uploads in a bucket (which cost storage and are
     * invisible to {@link #list}). Returns how many were discarded.
     */
    int discardAbandonedWrites(Instant before) throws IOException;

    /** Where the objects are, for logs and readiness ({@code directory /var/staging}, {@code s3://bucket/prefix/}). */
    String describe();
}
