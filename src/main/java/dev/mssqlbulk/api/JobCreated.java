package dev.mssqlbulk.api;

/** The reply to an upload: the job's id and {@code CREATED}. */
public record JobCreated(String id, String status) {
}
