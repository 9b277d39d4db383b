package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an upload's bytes come from, opened afresh for each read from the start: a local file, or a staged object in
 * whatever store the caller uses (this package knows no store). A JSON upload is read twice (its keys, then its
 * rows), so a source is a way to open a stream rather than one stream.
 */
@FunctionalInterface
public interface UploadSource {

    /** A new stream of the upload's bytes from its first byte; the caller closes it. */
    InputStream open() throws IOException;

    /** The bytes of a local file. */
    static UploadSource of(Path file) {
        return () -> Files.newInputStream(file);
    }
}
