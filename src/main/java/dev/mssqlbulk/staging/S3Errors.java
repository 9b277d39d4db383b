package dev.mssqlbulk.staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The AWS SDK's failures as the staging store's: a missing object ({@link StagedObjectNotFoundException}), a store
 * that is down or overloaded ({@link StagingUnavailableException}, worth retrying later), or another
 * {@link IOException}. Kept apart from the S3 classes that make the calls so that every call site translates the same
 * way, and callers of {@link StagingStore} never see an SDK exception.
 */
final class S3Errors {

    private S3Errors() {}

    /** An SDK call; the SDK reports failures as unchecked {@link SdkException}s. */
    interface SdkCall<T> {
        T run();
    }

    /**
     * Runs an SDK call for {@code what} on {@code key} (both for the message): SDK failures come out translated, and
     * an {@link UncheckedIOException} (from reading a local file into a request body) as its cause.
     */
    static <T> T call(String what, String key, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw translate(what, key, e);
        } catch (UncheckedIOException e) {
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
}
