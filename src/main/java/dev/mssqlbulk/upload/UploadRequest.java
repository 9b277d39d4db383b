package dev.mssqlbulk.upload;

import java.nio.file.Path;

/**
 * An upload as the API received it; the file is already on disk.
 *
 * @param contentType the file part's content type, which tells CSV from JSON (with the file name's extension)
 * @param metaData    the raw {@code metaData} part, or null
 */
public record UploadRequest(
        String objectName,
        Path file,
        String fileName,
        String contentType,
        String metaData,
        String path,
        String callbackUrl,
        String idempotencyKey) {}
