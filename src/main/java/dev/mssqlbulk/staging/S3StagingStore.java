package dev.mssqlbulk.staging;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Staged objects in an S3-compatible bucket, under a key prefix, through the AWS SDK for Java v2 (blocking client).
 *
 * <p><b>HTTP client:</b> the SDK's {@code url-connection-client}, the JDK's {@code HttpURLConnection}; the SDK's
 * default Netty and Apache clients are excluded in the build. It adds no dependency at all (Apache brings
 * httpclient/httpcore/commons-logging, Netty a second Netty configuration next to Quarkus' own, whose versions must
 * then agree), it works in a native image with what the SDK's own native-image metadata declares, and its costs do
 * not matter here: one blocking transfer per job at a time, each moving megabytes per request, with the JDK's
 * keep-alive cache reusing connections. The Quarkus extension for the SDK (a Quarkiverse project, not part of the
 * Quarkus platform this build imports) would add CDI wiring we need for one client only.
 *
 * <p><b>Uploads</b> ({@link #put}): a body up to {@code part-size} is one PUT, a larger one a multipart upload read
 * part by part from the local file (no copy in memory or on disk); a failed multipart upload is aborted so no parts
 * are kept. <b>Result files</b> ({@link #create}): buffered up to one part in memory, sent as parts as they fill, the
 * upload completed on commit and aborted on close without commit. <b>Reads</b> ({@link #open}): a ranged GET
 * ({@code Range: bytes=<offset>-}) whose stream checks that the announced length arrives.
 *
 * <p><b>Integrity checksums</b> are sent and validated only where S3 requires them ({@code WHEN_REQUIRED}): since SDK
 * 2.30 the default adds CRC trailers in {@code aws-chunked} bodies, which several S3-compatible servers reject or
 * mishandle; TLS protects the transfer, and the reader checks the length.
 *
 * <p><b>Expiry:</b> the service deletes objects by its retention settings. An operator may instead (or also) let the
 * bucket expire them: {@link #lifecycleConfiguration(Duration)} prints the rule for
 * {@code aws s3api put-bucket-lifecycle-configuration}, which also aborts multipart uploads left by a replica that
 * died mid-write.
 */
public class S3StagingStore implements StagingStore, Closeable {

    /** Settings of a store, from configuration ({@link #from(StagingConfig.S3)}) or built directly (tests, tools). */
    public record Settings(
            String bucket,
            String prefix,
            Optional<URI> endpoint,
            Optional<String> region,
            boolean pathStyleAccess,
            Optional<String> accessKeyId,
            Optional<String> secretAccessKey,
            long partSize,
            Duration connectTimeout,
            Duration readTimeout,
            Duration apiCallAttemptTimeout,
            Duration apiCallTimeout,
            int maxAttempts) {

        public Settings {
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("mssql-bulk.staging.s3.bucket is required with staging type s3");
            }
            prefix = normalizePrefix(prefix);
            if (partSize < 1 || partSize > Integer.MAX_VALUE - 8) { // a result file's part is one byte array
                throw new IllegalArgumentException("mssql-bulk.staging.s3.part-size must be between 1 and 2G");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("mssql-bulk.staging.s3.max-attempts must be at least 1");
            }
        }

        public static Settings from(StagingConfig.S3 config) {
            return new Settings(
                    config.bucket().orElse(null),
                    config.prefix().orElse(""),
                    config.endpoint(),
                    config.region(),
                    config.pathStyleAccess(),
                    config.accessKeyId(),
                    config.secretAccessKey(),
                    config.partSize().asLongValue(),
                    config.connectTimeout(),
                    config.readTimeout(),
                    config.apiCallAttemptTimeout(),
                    config.apiCallTimeout(),
                    config.maxAttempts());
        }

        /** The same settings with another part size. */
        public Settings withPartSize(long size) {
            return new Settings(
                    bucket,
                    prefix,
                    endpoint,
                    region,
                    pathStyleAccess,
                    accessKeyId,
                    secretAccessKey,
                    size,
                    connectTimeout,
                    readTimeout,
                    apiCallAttemptTimeout,
                    apiCallTimeout,
                    maxAttempts);
        }

        /** The same settings with other timeouts and attempts. */
        public Settings withTimeouts(Duration connect, Duration read, Duration attempt, Duration call, int attempts) {
            return new Settings(
                    bucket,
                    prefix,
                    endpoint,
                    region,
                    pathStyleAccess,
                    accessKeyId,
                    secretAccessKey,
                    partSize,
                    connect,
                    read,
                    attempt,
                    call,
                    attempts);
        }

        @Override
        public String toString() { // never the secret
            return "s3://" + bucket + "/" + prefix
                    + endpoint.map(e -> " at " + e).orElse("");
        }
    }

    private static final String OCTETS = "application/octet-stream";

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final long partSize;
    private final Duration abortTimeout;
    private final String description;

    public S3StagingStore(Settings settings) {
        this.client = client(settings);
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.partSize = settings.partSize();
        this.abortTimeout = settings.apiCallAttemptTimeout();
        this.description = settings.toString();
    }

    /** The SDK client for the settings: explicit timeouts, a small retry policy, no checksums beyond the required. */
    static S3Client client(Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout()))
                .forcePathStyle(settings.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials(settings))
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                        .apiCallTimeout(settings.apiCallTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .build()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        settings.region()
                .map(Region::of)
                .or(() -> settings.endpoint().map(e -> Region.US_EAST_1))
                .ifPresent(builder::region);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(Settings settings) {
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKeyId().get(), settings.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void put(String key, Path localFile) throws IOException {
        String object = object(key);
        long size = Files.size(localFile);
        if (size <= partSize) {
            call(
                    "store",
                    key,
                    () -> client.putObject(
                            b -> b.bucket(bucket).key(object).contentType(OCTETS), RequestBody.fromFile(localFile)));
        } else {
            String uploadId = call(
                    "begin upload of",
                    key,
                    () -> client.createMultipartUpload(
                                    b -> b.bucket(bucket).key(object).contentType(OCTETS))
                            .uploadId());
            try {
                List<CompletedPart> parts = new ArrayList<>();
                for (long offset = 0; offset < size; offset += partSize) {
                    long from = offset;
                    long length = Math.min(partSize, size - offset);
                    int number = parts.size() + 1;
                    RequestBody body =
                            RequestBody.fromContentProvider(() -> slice(localFile, from, length), length, OCTETS);
                    String etag = call(
                            "store part of",
                            key,
                            () -> client.uploadPart(
                                            b -> b.bucket(bucket)
                                                    .key(object)
                                                    .uploadId(uploadId)
                                                    .partNumber(number)
                                                    .contentLength(length),
                                            body)
                                    .eTag());
                    parts.add(CompletedPart.builder()
                            .partNumber(number)
                            .eTag(etag)
                            .build());
                }
                call(
                        "complete upload of",
                        key,
                        () -> client.completeMultipartUpload(b ->
                                b.bucket(bucket).key(object).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            } catch (IOException | RuntimeException e) {
                abort(object, uploadId, e);
                throw e;
            }
        }
        Files.deleteIfExists(localFile);
    }

    @Override
    public StagingOutput create(String key) {
        return new MultipartOutput(key, object(key));
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset");
        }
        String object = object(key);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = call(
                    "read",
                    key,
                    () -> client.getObject(b -> {
                        b.bucket(bucket).key(object);
                        if (offset > 0) {
                            b.range("bytes=" + offset + "-");
                        }
                    }));
        } catch (IOException e) {
            if (e.getCause() instanceof S3Exception s3 && s3.statusCode() == 416 && offset >= size(key)) {
                return InputStream.nullInputStream(); // at or past the end: nothing left to read
            }
            throw e;
        }
        return new LengthCheckedStream(in, in.response().contentLength(), key);
    }

    @Override
    public long size(String key) throws IOException {
        String object = object(key);
        return call(
                "look up",
                key,
                () -> client.headObject(b -> b.bucket(bucket).key(object)).contentLength());
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            size(key);
            return true;
        } catch (StagedObjectNotFoundException e) {
            return false;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String object = object(key);
        call("delete", key, () -> client.deleteObject(b -> b.bucket(bucket).key(object)));
    }

    @Override
    public List<StagedObject> list(String keyPrefix) throws IOException {
        String full = prefix + StagingKeys.requirePrefix(keyPrefix);
        return call("list", keyPrefix, () -> {
            List<StagedObject> objects = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(full))
                    .contents()) {
                objects.add(new StagedObject(o.key().substring(prefix.length()), o.size(), o.lastModified()));
            }
            return objects;
        });
    }

    @Override
    public int discardAbandonedWrites(Instant before) throws IOException {
        return call("discard abandoned uploads under", prefix, () -> {
            int discarded = 0;
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(
                            b -> b.bucket(bucket).prefix(prefix))
                    .uploads()) {
                if (upload.initiated().isBefore(before)) {
                    client.abortMultipartUpload(
                            b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    discarded++;
                }
            }
            return discarded;
        });
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * A bucket lifecycle configuration (JSON for {@code aws s3api put-bucket-lifecycle-configuration
     * --lifecycle-configuration}) that expires the service's objects, as an alternative to the service's own
     * retention cleaning. Objects age from their upload, not from their job's end, so the rule keeps them one day
     * longer than {@code retention} (rounded up to days, the rule's unit); incomplete multipart uploads go after a day.
     */
    public String lifecycleConfiguration(Duration retention) {
        long days = (retention.toSeconds() + 86_399) / 86_400 + 1;
        return """
                {"Rules": [{"ID": "mssql-bulk-staging", "Status": "Enabled", "Filter": {"Prefix": "%s"}, \
                "Expiration": {"Days": %d}, "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]}""".formatted(prefix, days);
    }

    @Override
    public void close() {
        client.close();
    }

    private String object(String key) {
        return prefix + StagingKeys.require(key);
    }

    /**
     * Aborts a failed multipart upload, best effort and within one attempt's time (the caller is already failing,
     * likely because the store is down): what it leaves is discarded later ({@link #discardAbandonedWrites}).
     */
    private void abort(String object, String uploadId, Exception failure) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket)
                    .key(object)
                    .uploadId(uploadId)
                    .overrideConfiguration(o -> o.apiCallTimeout(abortTimeout)));
        } catch (SdkException abortFailed) {
            // The store is likely down; discardAbandonedWrites (or the bucket's lifecycle rule) removes it later.
            failure.addSuppressed(abortFailed);
        }
    }

    private static String normalizePrefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return "";
        }
        StagingKeys.require(trimmed);
        return trimmed + "/";
    }

    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new BoundedStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface SdkCall<T> {
        T run();
    }

    private static <T> T call(String what, String key, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw translate(what, key, e);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The SDK's failure as the store's: missing object, store unavailable (transient), or another I/O failure. */
    static IOException translate(String what, String key, SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return new StagedObjectNotFoundException(key);
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (status == 404 && (code == null || code.equals("NoSuchKey") || code.equals("NoSuchUpload"))) {
                return new StagedObjectNotFoundException(key);
            }
            if (status >= 500 || status == 429 || status == 408) {
                return new StagingUnavailableException(
                        "object store failed to " + what + " " + key + ": HTTP " + status
                                + (code == null ? "" : " " + code),
                        e);
            }
            return new IOException(
                    "object store refused to " + what + " " + key + ": HTTP " + status
                            + (code == null ? "" : " " + code),
                    e);
        }
        if (e instanceof SdkClientException) { // connection refused or lost, API call (attempt) timeout
            return new StagingUnavailableException(
                    "object store unavailable to " + what + " " + key + ": " + e.getMessage(), e);
        }
        return new IOException("object store failed to " + what + " " + key + ": " + e.getMessage(), e);
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
    private static final class LengthCheckedStream extends FilterInputStream {
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

    /** A result file sent part by part as it is written; see {@link StagingOutput}. */
    private final class MultipartOutput extends StagingOutput {
        private final String key;
        private final String object;
        private final List<CompletedPart> parts = new ArrayList<>();
        private byte[] buffer = new byte[(int) Math.min(partSize, 64 * 1024)];
        private int filled;
        private long written;
        private String uploadId;
        private boolean committed;
        private boolean closed;

        MultipartOutput(String key, String object) {
            this.key = key;
            this.object = object;
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
                    call(
                            "store",
                            key,
                            () -> client.putObject(
                                    b -> b.bucket(bucket).key(object).contentType(OCTETS),
                                    RequestBody.fromContentProvider(
                                            () -> new ByteArrayInputStream(bytes, 0, length), length, OCTETS)));
                } else {
                    if (filled > 0) {
                        sendPart();
                    }
                    call(
                            "complete upload of",
                            key,
                            () -> client.completeMultipartUpload(b -> b.bucket(bucket)
                                    .key(object)
                                    .uploadId(uploadId)
                                    .multipartUpload(m -> m.parts(parts))));
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
                    client.abortMultipartUpload(b -> b.bucket(bucket)
                            .key(object)
                            .uploadId(uploadId)
                            .overrideConfiguration(o -> o.apiCallTimeout(abortTimeout)));
                } catch (SdkException ignored) {
                    // The store is likely down; discardAbandonedWrites (or the lifecycle rule) removes the parts.
                }
            }
        }

        private void sendPart() throws IOException {
            if (uploadId == null) {
                uploadId = call(
                        "begin upload of",
                        key,
                        () -> client.createMultipartUpload(
                                        b -> b.bucket(bucket).key(object).contentType(OCTETS))
                                .uploadId());
            }
            int number = parts.size() + 1;
            int length = filled;
            byte[] bytes = buffer;
            String etag = call(
                    "store part of",
                    key,
                    () -> client.uploadPart(
                                    b -> b.bucket(bucket)
                                            .key(object)
                                            .uploadId(uploadId)
                                            .partNumber(number)
                                            .contentLength((long) length),
                                    RequestBody.fromContentProvider(
                                            () -> new ByteArrayInputStream(bytes, 0, length), length, OCTETS))
                            .eTag());
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("staged write of " + key + " already " + (committed ? "committed" : "closed"));
            }
        }
    }
}
