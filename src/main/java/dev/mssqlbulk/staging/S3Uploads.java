package dev.mssqlbulk.staging;

import static dev.mssqlbulk.staging.S3Errors.call;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writing objects into the S3 store's bucket: one PUT for a body up to a part, otherwise the multipart protocol
 * (begin, send parts, complete, or abort). Shared by {@link S3StagingStore#put} (a local file, read part by part from
 * the file) and {@link MultipartOutput} (a result file, buffered part by part in memory), so that both send the same
 * requests and translate failures the same way ({@link S3Errors#call}).
 */
final class S3Uploads {

    static final String OCTETS = "application/octet-stream";

    private final S3Client client;
    private final String bucket;
    private final Duration abortTimeout;

    /** {@code abortTimeout} bounds an abort: it runs while the caller is already failing, likely on a store down. */
    S3Uploads(S3Client client, String bucket, Duration abortTimeout) {
        this.client = client;
        this.bucket = bucket;
        this.abortTimeout = abortTimeout;
    }

    /** Stores a whole object with one PUT; the body is made within the call, so its failure to open is translated. */
    void putObject(String key, String object, Supplier<RequestBody> body) throws IOException {
        call(
                "store",
                key,
                () -> client.putObject(b -> b.bucket(bucket).key(object).contentType(OCTETS), body.get()));
    }

    /**
     * Stores {@code size} bytes of a local file as a multipart upload of {@code partSize} parts, each read from the
     * file when sent (no copy in memory or on disk); a failed upload is aborted so no parts are kept.
     */
    void putFile(String key, String object, Path localFile, long size, long partSize) throws IOException {
        String uploadId = begin(key, object);
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partSize) {
                long from = offset;
                long length = Math.min(partSize, size - offset);
                int number = parts.size() + 1;
                RequestBody body =
                        RequestBody.fromContentProvider(() -> S3Streams.slice(localFile, from, length), length, OCTETS);
                parts.add(sendPart(key, object, uploadId, number, length, body));
            }
            complete(key, object, uploadId, parts);
        } catch (IOException | RuntimeException e) {
            try {
                abort(object, uploadId);
            } catch (SdkException abortFailed) {
                // The store is likely down; discardAbandonedWrites (or the bucket's lifecycle rule) removes it later.
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** Begins a multipart upload; its id. */
    String begin(String key, String object) throws IOException {
        return call(
                "begin upload of",
                key,
                () -> client.createMultipartUpload(
                                b -> b.bucket(bucket).key(object).contentType(OCTETS))
                        .uploadId());
    }

    /** Sends part {@code number} ({@code length} bytes) of an upload; the part as the completion lists it. */
    CompletedPart sendPart(String key, String object, String uploadId, int number, long length, RequestBody body)
            throws IOException {
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
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /** Completes an upload: the parts become the object under its key. */
    void complete(String key, String object, String uploadId, List<CompletedPart> parts) throws IOException {
        call(
                "complete upload of",
                key,
                () -> client.completeMultipartUpload(
                        b -> b.bucket(bucket).key(object).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    }

    /**
     * Aborts an upload, within one attempt's time (the caller is already failing, likely because the store is down).
     * Throws the SDK's exception untranslated: callers treat it as best effort, since what an abort leaves is
     * discarded later ({@link S3StagingStore#discardAbandonedWrites} or the bucket's lifecycle rule).
     */
    void abort(String object, String uploadId) {
        client.abortMultipartUpload(b -> b.bucket(bucket)
                .key(object)
                .uploadId(uploadId)
                .overrideConfiguration(o -> o.apiCallTimeout(abortTimeout)));
    }
}
