package dev.mssqlbulk.staging;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where staged uploads and result files are kept: {@code mssql-bulk.staging.*}. The local scratch space stays
 * {@code mssql-bulk.staging-directory}: the HTTP layer writes arriving bodies there in any case, and the directory
 * store keeps its objects there.
 */
@ConfigMapping(prefix = "mssql-bulk.staging")
public interface StagingConfig {

    /** Which store: {@code directory} (the staging directory, default) or {@code s3} (S3-compatible object storage). */
    @WithDefault("directory")
    Type type();

    S3 s3();

    enum Type {
        DIRECTORY,
        S3
    }

    /** S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Cloudflare R2, GCS' XML API, ...). */
    interface S3 {

        /** The bucket; required with {@code type=s3}. The service does not create it. */
        Optional<String> bucket();

        /**
         * Key prefix of every object, so that several deployments (or other data) can share a bucket, and a lifecycle
         * rule can be scoped to the service's objects; {@code /} is added where missing.
         */
        Optional<String> prefix();

        /** The S3 API's address, for anything but AWS ({@code http://minio:9000}); AWS' regional endpoint otherwise. */
        Optional<URI> endpoint();

        /**
         * The region requests are signed for. Without it: {@code us-east-1} when an endpoint is set (most
         * S3-compatible servers accept any), else the AWS default region chain ({@code AWS_REGION}, profile, instance
         * metadata).
         */
        Optional<String> region();

        /**
         * Addresses buckets as {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}: needed by MinIO,
         * Ceph and most in-cluster servers, whose host names have no per-bucket DNS.
         */
        @WithDefault("false")
        boolean pathStyleAccess();

        /** Static credentials, used only when both keys are set; else the AWS default credential chain (environment,
         * web identity / IRSA, profile, container and instance metadata). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /**
         * Size of each part of a multipart upload, and the largest body sent as one PUT; also the memory a result
         * file being written holds. S3 requires at least 5 MiB for every part but the last.
         */
        @WithDefault("8M")
        MemorySize partSize();

        /** Time to establish a connection to the store. */
        @WithDefault("5S")
        Duration connectTimeout();

        /**
         * Longest silence while a response is read, also in the middle of an object being streamed to a job: a
         * stalled store ends the read with a transient error instead of hanging the job.
         */
        @WithDefault("30S")
        Duration readTimeout();

        /** Longest time one attempt of a request may take (one part of at most {@link #partSize()} included). */
        @WithDefault("60S")
        Duration apiCallAttemptTimeout();

        /** Longest time a request may take with all its retries; then the store counts as unavailable. */
        @WithDefault("2M")
        Duration apiCallTimeout();

        /**
         * Attempts per request (first included) for throttling, server errors and lost connections, with the SDK's
         * standard backoff. Small, because the service retries in its own ways above it (503 to the client, a job
         * resumed from its checkpoint).
         */
        @WithDefault("3")
        int maxAttempts();
    }
}
