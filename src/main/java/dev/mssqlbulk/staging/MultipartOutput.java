package dev.mssqlbulk.staging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A result file written to the S3 store ({@link S3StagingStore#create}), sent part by part as it is written; see
 * {@link StagingOutput}. Bytes are buffered in memory up to one part (the buffer starts small and doubles, so a small
 * file costs little), each full part is sent at once; a commit sends a file that never filled a part as one PUT, else
 * the last part and the completion; a close without commit aborts the upload so no parts are kept. Its own class
 * because this is the store's only stateful writer, with a life cycle of its own.
 */
final class MultipartOutput extends StagingOutput {
    private final S3Uploads uploads;
    private final long partSize;
    private final String key;
    private final String object;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private long written;
    private String uploadId;
    private boolean committed;
    private boolean closed;

    MultipartOutput(S3Uploads uploads, long partSize, String key, String object) {
        this.uploads = uploads;
        this.partSize = partSize;
        this.key = key;
        this.object = object;
        this.buffer = new byte[(int) Math.min(partSize, 64 * 1024)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (filled == buffer.length && buffer.length < partSize) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, (long) buffer.length * 2));
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            written += n;
            off += n;
            len -= n;
            if (filled == partSize) {
                sendPart();
            }
        }
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public void commit() throws IOException {
        ensureOpen();
        try {
            if (uploadId == null) {
                int length = filled;
                byte[] bytes = buffer;
                uploads.putObject(
                        key,
                        object,
                        () -> RequestBody.fromContentProvider(
                                () -> new ByteArrayInputStream(bytes, 0, length), length, S3Uploads.OCTETS));
            } else {
                if (filled > 0) {
                    sendPart();
                }
                uploads.complete(key, object, uploadId, parts);
            }
            committed = true;
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer = null;
        if (!committed && uploadId != null) {
            try {
                uploads.abort(object, uploadId);
            } catch (SdkException ignored) {
                // The store is likely down; discardAbandonedWrites (or the lifecycle rule) removes the parts.
            }
        }
    }

    private void sendPart() throws IOException {
        if (uploadId == null) {
            uploadId = uploads.begin(key, object);
        }
        int number = parts.size() + 1;
        int length = filled;
        byte[] bytes = buffer;
        parts.add(uploads.sendPart(
                key,
                object,
                uploadId,
                number,
                length,
                RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(bytes, 0, length), length, S3Uploads.OCTETS)));
        filled = 0;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("staged write of " + key + " already " + (committed ? "committed" : "closed"));
        }
    }
}
