package dev.mssqlbulk.job;

import java.nio.file.Path;

/**
 * An upload as the API received it; the file is already on disk.
 *
 * @param metaData the raw {@code metaData} part, or null
 */
public record UploadRequest(String objectName, Path file, String fileName, String metaData, String path,
                            String callbackUrl, String idempotencyKey) {
}
