package dev.mssqlbulk.job;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * What a job's status may say about a failed file operation. A {@link FileSystemException}'s message is the
 * server's path (a job's status is read by the tenant, and a path tells how the service's disks are laid out), so
 * only its kind is told; the log has the rest.
 */
final class IoFailures {

    private IoFailures() {}

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "the file is gone";
        }
        if (e instanceof AccessDeniedException) {
            return "access to the file was denied";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : "file system error";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
