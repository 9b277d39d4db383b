package dev.mssqlbulk.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The reply to an upload: the job's id and {@code CREATED}. */
@RegisterForReflection
public record JobCreated(String id, String status) {}
