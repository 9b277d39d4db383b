package dev.mssqlbulk.api;

/** The body of every error reply. */
public record ApiError(String requestId, String message) {
}
