package dev.mssqlbulk.staging;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The streams the S3 store reads through: a slice of a local file (one part of a multipart upload, read from the file
 * itself rather than copied) and the body of a GET checked against its announced length. They live together because
 * both are plain stream plumbing with no knowledge of buckets or requests.
 */
final class S3Streams {

    private S3Streams() {}

    /**
     * {@code length} bytes of {@code file} from {@code offset}, for a request body; a failure to open comes out as an
     * {@link UncheckedIOException} (a body's content provider cannot throw a checked one), which
     * {@link S3Errors#call} unwraps.
     */
    static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new BoundedStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class BoundedStream extends FilterInputStream {
        private long remaining;

        BoundedStream(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }

    /**
     * A GET's body that must deliver the length the response announced: a connection closed early ends with
     * {@link StagingUnavailableException} rather than a short read that looks like the end of the object, and so
     * does a read that fails or times out. Closed before its end, it aborts the connection instead of draining it.
     */
    static final class LengthCheckedStream extends FilterInputStream {
        private final ResponseInputStream<?> response;
        private final long expected;
        private final String key;
        private long read;

        LengthCheckedStream(ResponseInputStream<?> response, Long expected, String key) {
            super(response);
            this.response = response;
            this.expected = expected == null ? -1 : expected;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (StagingUnavailableException e) {
                throw e;
            } catch (IOException | SdkException e) {
                throw new StagingUnavailableException(
                        "object store connection lost reading " + key + " after " + read + " bytes: " + e.getMessage(),
                        e);
            }
            if (n < 0) {
                if (expected >= 0 && read < expected) {
                    throw new StagingUnavailableException(
                            "object store connection ended reading " + key + " after " + read + " of " + expected
                                    + " bytes",
                            null);
                }
                return -1;
            }
            read += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public void close() throws IOException {
            if (expected < 0 || read < expected) {
                response.abort();
            }
            super.close();
        }
    }
}
