package dev.mssqlbulk.staging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Staged objects as files under a root directory, the key as relative path: today's layout
 * ({@code <root>/<instance-dir>/<jobId>.csv}). Local to one replica, or shared between replicas on a ReadWriteMany
 * volume. Objects appear by an atomic rename within their directory, so a reader never sees a half-written file;
 * unfinished writes are hidden files ({@code .<name>.<random>.partial}) next to their target, which
 * {@link #list} skips and {@link #discardAbandonedWrites} deletes.
 *
 * <p>The root's {@value StagingPaths#INCOMING} directory belongs to the HTTP layer (multipart bodies while they arrive) and is
 * never listed.
 */
public class DirectoryStagingStore implements StagingStore {

    /** The HTTP layer's directory for arriving uploads under the same root (quarkus.http.body.uploads-directory). */
    private static final String PARTIAL = ".partial";

    private final Path root;

    public DirectoryStagingStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The root directory, absolute and normalized. */
    public Path root() {
        return root;
    }

    /** The file of a key (which need not exist): for callers that still need a path, such as the free-space check. */
    public Path file(String key) {
        Path path = root.resolve(StagingKeys.require(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) { // cannot happen with valid keys; checked all the same
            throw new IllegalArgumentException("a staging key left the root");
        }
        return path;
    }

    @Override
    public void put(String key, Path localFile) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        try {
            Files.move(localFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            // The local file lives on another file system (a scratch volume): copy next to the target, then rename.
            Path partial = partialFor(target);
            try {
                Files.copy(localFile, partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.deleteIfExists(localFile);
        }
    }

    @Override
    public StagingOutput create(String key) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path partial = partialFor(target);
        OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new StagingOutput() {
            private long written;
            private boolean committed;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                ensureOpen();
                out.write(b);
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ensureOpen();
                out.write(b, off, len);
                written += len;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public long written() {
                return written;
            }

            @Override
            public void commit() throws IOException {
                ensureOpen();
                out.close();
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                committed = true;
                closed = true;
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    out.close();
                } finally {
                    if (!committed) {
                        Files.deleteIfExists(partial);
                    }
                }
            }

            private void ensureOpen() throws IOException {
                if (closed) {
                    throw new IOException(
                            "staged write of " + key + " already " + (committed ? "committed" : "closed"));
                }
            }
        };
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new StagedObjectNotFoundException(key);
        }
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newInputStream(channel);
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(file(key));
        } catch (NoSuchFileException e) {
            throw new StagedObjectNotFoundException(key);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public List<StagedObject> list(String prefix) throws IOException {
        StagingKeys.requirePrefix(prefix);
        List<StagedObject> objects = new ArrayList<>();
        // Walk only the deepest directory the prefix names, then filter by the prefix as a string (as S3 does).
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return objects;
        }
        Path incoming = root.resolve(StagingPaths.INCOMING);
        try (Stream<Path> files = Files.walk(start)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                if (path.startsWith(incoming) || path.getFileName().toString().startsWith(".")) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class);
                } catch (NoSuchFileException deletedMeanwhile) {
                    continue;
                }
                String key = keyOf(path);
                if (attributes.isRegularFile() && key.startsWith(prefix)) {
                    objects.add(new StagedObject(
                            key,
                            attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                }
            }
        }
        objects.sort(Comparator.comparing(StagedObject::key));
        return objects;
    }

    @Override
    public int discardAbandonedWrites(Instant before) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int discarded = 0;
        Path incoming = root.resolve(StagingPaths.INCOMING);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                String name = path.getFileName().toString();
                if (path.startsWith(incoming) || !name.startsWith(".") || !name.endsWith(PARTIAL)) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(path).toInstant().isBefore(before) && Files.deleteIfExists(path)) {
                        discarded++;
                    }
                } catch (NoSuchFileException deletedMeanwhile) {
                    // committed or closed while we looked
                }
            }
        }
        return discarded;
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    private String keyOf(Path path) {
        StringBuilder key = new StringBuilder();
        for (Path segment : root.relativize(path)) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(segment);
        }
        return key.toString();
    }

    private static Path partialFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + PARTIAL);
    }
}
