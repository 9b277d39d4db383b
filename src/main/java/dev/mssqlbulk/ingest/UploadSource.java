package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an upload's bytes come from, opened afresh for each read from the start: a local file, or a staged object in
 * whatever store the caller uses (this package knows no store). A JSON upload is read twice (its keys, then its
 * rows), so a source is a way to open a stream rather than one stream. A resumed job reads from a byte offset
 * ({@link #open(long)}): a source that can seek (a file, a ranged GET) says so with {@link #ranged}.
 */
@FunctionalInterface
public interface UploadSource {

    /** A new stream of the upload's bytes from its first byte; the caller closes it. */
    InputStream open() throws IOException;

    /**
     * A new stream of the upload's bytes from byte {@code offset} on. This default reads and drops the bytes before
     * it; sources made by {@link #of(Path)} or {@link #ranged} start there directly.
     */
    default InputStream open(long offset) throws IOException {
        InputStream in = open();
        try {
            in.skipNBytes(offset);
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The bytes of a local file. */
    static UploadSource of(Path file) {
        return ranged(offset -> {
            SeekableByteChannel channel = Files.newByteChannel(file);
            try {
                return Channels.newInputStream(channel.position(offset));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        });
    }

    /** A source that opens its bytes at any offset itself, e.g. with a ranged GET of a staged object. */
    static UploadSource ranged(Ranged opener) {
        return new UploadSource() {
            @Override
            public InputStream open() throws IOException {
                return opener.open(0);
            }

            @Override
            public InputStream open(long offset) throws IOException {
                return opener.open(offset);
            }
        };
    }

    /** Opens a stream of an upload's bytes from a byte offset on. */
    @FunctionalInterface
    interface Ranged {
        InputStream open(long offset) throws IOException;
    }
}
