package dev.mssqlbulk.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of every error reply. */
@RegisterForReflection
public record ApiError(String requestId, String message) {}
