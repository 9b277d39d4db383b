package dev.mssqlbulk.staging;

import static dev.mssqlbulk.staging.S3Errors.call;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Staged objects in an S3-compatible bucket, under a key prefix, through the AWS SDK for Java v2 (blocking client,
 * built by {@link S3Clients}, which says why that HTTP client and checksum policy). This class holds the
 * {@link StagingStore} operations and the settings; writing objects is in {@link S3Uploads} and
 * {@link MultipartOutput}, the streams in {@link S3Streams}, the translation of SDK failures in {@link S3Errors}.
 *
 * <p><b>Uploads</b> ({@link #put}): a body up to {@code part-size} is one PUT, a larger one a multipart upload read
 * part by part from the local file (no copy in memory or on disk); a failed multipart upload is aborted so no parts
 * are kept. <b>Result files</b> ({@link #create}): buffered up to one part in memory, sent as parts as they fill, the
 * upload completed on commit and aborted on close without commit. <b>Reads</b> ({@link #open}): a ranged GET
 * ({@code Range: bytes=<offset>-}) whose stream checks that the announced length arrives.
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

        /** The prefix without leading or trailing slashes, then ending in one (empty for none), so keys append to it. */
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
    }

    private final S3Client client;
    private final S3Uploads uploads;
    private final String bucket;
    private final String prefix;
    private final long partSize;
    private final String description;

    public S3StagingStore(Settings settings) {
        this.client = S3Clients.client(settings);
        this.uploads = new S3Uploads(client, settings.bucket(), settings.apiCallAttemptTimeout());
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.partSize = settings.partSize();
        this.description = settings.toString();
    }

    @Override
    public void put(String key, Path localFile) throws IOException {
        String object = object(key);
        long size = Files.size(localFile);
        if (size <= partSize) {
            uploads.putObject(key, object, () -> RequestBody.fromFile(localFile));
        } else {
            uploads.putFile(key, object, localFile, size, partSize);
        }
        Files.deleteIfExists(localFile);
    }

    @Override
    public StagingOutput create(String key) {
        return new MultipartOutput(uploads, partSize, key, object(key));
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
        return new S3Streams.LengthCheckedStream(in, in.response().contentLength(), key);
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
}
